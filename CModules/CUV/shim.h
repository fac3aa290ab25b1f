#ifndef GEOLOOP_CUV_SHIM_H
#define GEOLOOP_CUV_SHIM_H
#include <uv.h>
#endif
