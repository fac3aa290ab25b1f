#ifndef GEOLOOP_CCURL_SHIM_H
#define GEOLOOP_CCURL_SHIM_H
#include <curl/curl.h>
#endif
