/* zinflate: inflates each gzip FILE with zlib on one core and discards the
 * output; prints the total uncompressed bytes. The parse benchmark's floor. */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static unsigned char in[1 << 18];
static unsigned char out[1 << 18];

static int inflate_file(const char *path, unsigned long long *total)
{
  FILE *f = fopen(path, "rb");
  z_stream s;
  int status = Z_OK;
  size_t n;

  if(!f) {
    fprintf(stderr, "Error: cannot open '%s'.\n", path);
    return 1;
  }
  memset(&s, 0, sizeof(s));
  if(inflateInit2(&s, 15 + 16) != Z_OK) {
    fclose(f);
    return 1;
  }
  while(status != Z_STREAM_END && (n = fread(in, 1, sizeof(in), f)) > 0) {
    s.next_in = in;
    s.avail_in = (uInt)n;
    do {
      s.next_out = out;
      s.avail_out = sizeof(out);
      status = inflate(&s, Z_NO_FLUSH);
      if(status != Z_OK && status != Z_STREAM_END) {
        fprintf(stderr, "Error: '%s' is not valid gzip (zlib %d).\n", path,
                status);
        inflateEnd(&s);
        fclose(f);
        return 1;
      }
      *total += sizeof(out) - s.avail_out;
    } while(s.avail_out == 0 && status != Z_STREAM_END);
  }
  inflateEnd(&s);
  fclose(f);
  if(status != Z_STREAM_END) {
    fprintf(stderr, "Error: '%s' ends early (truncated gzip).\n", path);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  unsigned long long total = 0;
  int i;

  for(i = 1; i < argc; i++)
    if(inflate_file(argv[i], &total))
      return 1;
  printf("%llu\n", total);
  return 0;
}
