#ifndef GEOLOOP_CZLIB_SHIM_H
#define GEOLOOP_CZLIB_SHIM_H
#include <zlib.h>
#endif
