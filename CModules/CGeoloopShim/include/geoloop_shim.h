/*
 * Typed, non-variadic wrappers for the libcurl calls that Swift cannot make
 * (curl_easy_setopt, curl_easy_getinfo, curl_multi_setopt and
 * curl_share_setopt are C variadics). One wrapper per argument type, each
 * passing exactly the C type libcurl reads for that option: a LONG option
 * gets a long, an OFF_T option a curl_off_t.
 */
#ifndef GEOLOOP_SHIM_H
#define GEOLOOP_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt */
CURLcode gl_easy_setopt_long(CURL *easy, CURLoption option, long value);
CURLcode gl_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value);
CURLcode gl_easy_setopt_string(CURL *easy, CURLoption option,
                               const char *value);
CURLcode gl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value);
CURLcode gl_easy_setopt_slist(CURL *easy, CURLoption option,
                              struct curl_slist *value);
CURLcode gl_easy_setopt_share(CURL *easy, CURLSH *share);
CURLcode gl_easy_setopt_write_function(CURL *easy,
                                       curl_write_callback callback);
CURLcode gl_easy_setopt_header_function(CURL *easy,
                                        curl_write_callback callback);
CURLcode gl_easy_setopt_xferinfo_function(CURL *easy,
                                          curl_xferinfo_callback callback);
CURLcode gl_easy_setopt_opensocket_function(CURL *easy,
                                            curl_opensocket_callback callback);
CURLcode gl_easy_setopt_closesocket_function(CURL *easy,
                                             curl_closesocket_callback callback);

/* curl_easy_getinfo */
CURLcode gl_easy_getinfo_long(CURL *easy, CURLINFO info, long *value);
CURLcode gl_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *value);
CURLcode gl_easy_getinfo_string(CURL *easy, CURLINFO info, char **value);
CURLcode gl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **value);

/* curl_multi_setopt */
CURLMcode gl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode gl_multi_setopt_pointer(CURLM *multi, CURLMoption option,
                                  void *value);
CURLMcode gl_multi_setopt_socket_function(CURLM *multi,
                                          curl_socket_callback callback);
CURLMcode gl_multi_setopt_timer_function(CURLM *multi,
                                         curl_multi_timer_callback callback);

/* curl_share_setopt */
CURLSHcode gl_share_setopt_long(CURLSH *share, CURLSHoption option,
                                long value);

/* glibc's mallopt(M_ARENA_MAX, n), which Swift's Glibc module does not
 * import; returns 1 on success, 0 where it is not available. */
int gl_limit_malloc_arenas(int arenas);

/* sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE): starts writing a file's
 * dirty pages without waiting (Linux; a no-op returning 0 elsewhere). */
int gl_start_writeback(int fd);

/* The processors this process may run on (its CPU affinity mask on Linux,
 * the online processors elsewhere); at least 1. */
long gl_available_processors(void);

/* Names the calling thread (at most 15 bytes show on Linux); best effort. */
void gl_name_this_thread(const char *name);

/* Installs a handler for `signal` that writes the signal number, as one
 * byte, to `fd` (the write end of a non-blocking pipe) on every delivery, so
 * a reader sees each delivery rather than a merged count. Returns 0, or -1
 * with errno set. */
int gl_forward_signal(int signal, int fd);

/* Constants that are macros Swift does not import. */
long gl_curl_error_size(void);
int gl_curl_socket_bad(void);

#endif
