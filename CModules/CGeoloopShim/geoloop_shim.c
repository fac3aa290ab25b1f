/*
 * Each wrapper forwards to the variadic libcurl call with the argument in
 * the exact C type libcurl expects for the option.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sync_file_range, sched_getaffinity and CPU_COUNT */
#endif
#include "geoloop_shim.h"

#include <pthread.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sched.h>
#endif

CURLcode gl_easy_setopt_long(CURL *easy, CURLoption option, long value)
{
  return curl_easy_setopt(easy, option, value);
}

CURLcode gl_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value)
{
  return curl_easy_setopt(easy, option, value);
}

CURLcode gl_easy_setopt_string(CURL *easy, CURLoption option,
                               const char *value)
{
  return curl_easy_setopt(easy, option, value);
}

CURLcode gl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value)
{
  return curl_easy_setopt(easy, option, value);
}

CURLcode gl_easy_setopt_slist(CURL *easy, CURLoption option,
                              struct curl_slist *value)
{
  return curl_easy_setopt(easy, option, value);
}

CURLcode gl_easy_setopt_share(CURL *easy, CURLSH *share)
{
  return curl_easy_setopt(easy, CURLOPT_SHARE, share);
}

CURLcode gl_easy_setopt_write_function(CURL *easy,
                                       curl_write_callback callback)
{
  return curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode gl_easy_setopt_header_function(CURL *easy,
                                        curl_write_callback callback)
{
  return curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode gl_easy_setopt_xferinfo_function(CURL *easy,
                                          curl_xferinfo_callback callback)
{
  return curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode gl_easy_setopt_opensocket_function(CURL *easy,
                                            curl_opensocket_callback callback)
{
  return curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, callback);
}

CURLcode gl_easy_setopt_closesocket_function(CURL *easy,
                                             curl_closesocket_callback callback)
{
  return curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, callback);
}

CURLcode gl_easy_getinfo_long(CURL *easy, CURLINFO info, long *value)
{
  return curl_easy_getinfo(easy, info, value);
}

CURLcode gl_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *value)
{
  return curl_easy_getinfo(easy, info, value);
}

CURLcode gl_easy_getinfo_string(CURL *easy, CURLINFO info, char **value)
{
  return curl_easy_getinfo(easy, info, value);
}

CURLcode gl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **value)
{
  return curl_easy_getinfo(easy, info, value);
}

CURLMcode gl_multi_setopt_long(CURLM *multi, CURLMoption option, long value)
{
  return curl_multi_setopt(multi, option, value);
}

CURLMcode gl_multi_setopt_pointer(CURLM *multi, CURLMoption option,
                                  void *value)
{
  return curl_multi_setopt(multi, option, value);
}

CURLMcode gl_multi_setopt_socket_function(CURLM *multi,
                                          curl_socket_callback callback)
{
  return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}

CURLMcode gl_multi_setopt_timer_function(CURLM *multi,
                                         curl_multi_timer_callback callback)
{
  return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}

CURLSHcode gl_share_setopt_long(CURLSH *share, CURLSHoption option,
                                long value)
{
  return curl_share_setopt(share, option, value);
}

long gl_curl_error_size(void)
{
  return CURL_ERROR_SIZE;
}

int gl_curl_socket_bad(void)
{
  return CURL_SOCKET_BAD;
}

int gl_limit_malloc_arenas(int arenas)
{
#ifdef __GLIBC__
  return mallopt(M_ARENA_MAX, arenas);
#else
  (void)arenas;
  return 0;
#endif
}

int gl_start_writeback(int fd)
{
#ifdef SYNC_FILE_RANGE_WRITE
  return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
  (void)fd;
  return 0;
#endif
}

long gl_available_processors(void)
{
  long online;
#ifdef __linux__
  cpu_set_t set;
  if(sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
#endif
  online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? online : 1;
}

void gl_name_this_thread(const char *name)
{
#if defined(__linux__)
  (void)pthread_setname_np(pthread_self(), name);
#elif defined(__APPLE__)
  (void)pthread_setname_np(name);
#else
  (void)name;
#endif
}

/* Where each forwarded signal's byte goes; written before the handler is
 * installed, read only by the handler. */
static volatile sig_atomic_t forward_fd[65];

static void forward_handler(int signal)
{
  int saved = errno;
  unsigned char byte = (unsigned char)signal;
  if (signal > 0 && signal < 65 && forward_fd[signal] >= 0) {
    ssize_t ignored = write(forward_fd[signal], &byte, 1);
    (void)ignored;
  }
  errno = saved;
}

int gl_forward_signal(int signal, int fd)
{
  if (signal <= 0 || signal >= 65) {
    errno = EINVAL;
    return -1;
  }
  forward_fd[signal] = fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = forward_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  return sigaction(signal, &action, NULL);
}
