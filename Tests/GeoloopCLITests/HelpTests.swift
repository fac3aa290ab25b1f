import Foundation
import Testing

@Suite struct HelpTests {
    @Test func overviewListsEveryCommand() throws {
        let result = try runGeoloop(["--help"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                OVERVIEW: Harvests NCBI GEO metadata fast and politely.

                USAGE: geoloop <command> [options]

                COMMANDS:
                  fetch     Fetches and parses series family files and writes their metadata.
                  search    Finds GEO series with an E-utilities query and prints their accessions.
                  parse     Parses SOFT files (gzip or plain) and prints one JSON object per file.
                  cache     Shows, checks, prunes or clears the on-disk cache.
                  serve     Serves a directory in GEO's layout over HTTP on 127.0.0.1 (a local mirror).
                  demo      Harvests a generated corpus from a local mirror that behaves like a distant server.

                OPTIONS:
                  -h, --help    Shows this help.
                  --version     Shows the version of geoloop and of the libraries it uses.

                ENVIRONMENT:
                  NCBI_API_KEY         An NCBI API key for E-utilities; never printed or stored.
                  NCBI_EMAIL           The contact address sent to E-utilities, as NCBI asks.
                  GEOLOOP_CACHE_DIR    The cache directory (default: ~/.cache/geoloop).
                  https_proxy, ...     Proxies, read as curl reads them.

                EXIT STATUS: 0 on success, 1 when some work failed, 64 for bad usage, 130 when
                interrupted, 141 when standard output was closed before the end.

                Run 'geoloop help <command>' for a command's options.

                """)
    }

    @Test(arguments: ["fetch", "search", "parse", "cache", "serve", "demo"])
    func helpCommandAndHelpOptionAgree(command: String) throws {
        let viaHelp = try runGeoloop(["help", command])
        let viaOption = try runGeoloop([command, "--help"])
        #expect(viaHelp.status == 0)
        #expect(viaOption.status == 0)
        #expect(viaHelp.stdout == viaOption.stdout)
        #expect(viaHelp.stdout.hasPrefix("OVERVIEW: "))
        #expect(viaHelp.stdout.contains("USAGE: geoloop \(command)"))
    }

    @Test func cacheHelpIsExact() throws {
        let result = try runGeoloop(["cache", "--help"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                OVERVIEW: Shows, checks, prunes or clears the on-disk cache.

                USAGE: geoloop cache <action> [--cache-dir DIR] [options]

                ACTIONS:
                  path                       Prints the cache directory.
                  ls                         Lists entries: accession, size, age and path, tab-separated.
                  verify [--repair]          Checks every entry's size and CRC-32 and reports problems;
                                             --repair removes the damaged entries and leftovers.
                  prune --older-than AGE     Removes entries fetched more than AGE ago (30d, 12h, 45m,
                                             90s, 2w) and leftover temporary files.
                  clear                      Removes every entry without asking. Only the cache's own
                                             geo/ and acc/ trees are touched; the empty lock files stay.

                The cache directory is --cache-dir, else $GEOLOOP_CACHE_DIR, else
                $XDG_CACHE_HOME/geoloop, else ~/.cache/geoloop. Its layout is described in docs/CACHE.md.

                OPTIONS:
                  --cache-dir DIR            Uses DIR as the cache directory.
                  -h, --help                 Shows this help.

                EXIT STATUS: 0 on success, 1 when 'verify' leaves problems or a removal fails, 64 for
                bad usage.

                """)
    }

    @Test func fetchHelpIsExact() throws {
        let result = try runGeoloop(["fetch", "--help"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                OVERVIEW: Fetches and parses series family files and writes their metadata.

                USAGE: geoloop fetch [options] [ACCESSION...] [--input FILE|-]

                Each series' family SOFT file is read from the cache when present, otherwise fetched from
                the GEO file server (politely: bounded connections and rate per host, Retry-After
                honoured, failures retried), verified, cached and parsed. One JSON line per accession is
                written as each finishes:
                  {"accession": ..., "status": "ok", "series": E, "platforms": [E...], "samples": [E...],
                   "source": {"url": ..., "bytes": N, "from_cache": BOOL, "attempts": N}}
                  {"accession": ..., "status": "failed", "error": {"kind": ..., "message": ..., ...}}
                E is the entity object described in docs/SOFT-JSON.md. Input lines that are blank or start
                with '#' are ignored; duplicates are fetched once; invalid lines are reported and skipped.

                --format json writes the same objects as one array. --format tsv writes a sample sheet:
                one row per sample with series, sample, title, organism, source, one column per
                characteristic tag found across the harvest, library_strategy, instrument,
                sra_experiment and supplementary_files; its rows are held in memory until the end,
                because the columns are known only then.

                On a terminal a progress line on standard error is redrawn in place; a summary ends
                every run. The first Ctrl-C stops starting series, cancels the transfers in flight,
                writes every result already parsed and exits with 130; a second one exits at once.
                The cache stays consistent either way.

                OPTIONS:
                  --input FILE          Reads accessions from FILE, one per line ('-' for standard input).
                  --output FILE         Writes the results to FILE (replaced only when complete).
                  --format FORMAT       jsonl (default), json or tsv.
                  --failed FILE         Writes the accessions that failed to FILE, one per line, ready
                                        for --input.
                  --progress            Shows the progress line even when standard error is not a
                                        terminal.
                  -v, --verbose         Prints one line per finished series instead of the progress line.
                  -q, --quiet           Prints no progress and no summary, only errors.
                  --concurrency N       Fetches at most N series at once (default 64).
                  --cache-dir DIR       The cache directory (default $GEOLOOP_CACHE_DIR, else
                                        $XDG_CACHE_HOME/geoloop, else ~/.cache/geoloop).
                  --offline             Sends no request: answers from the cache only.
                  --geo-url URL         The GEO file server (default https://ftp.ncbi.nlm.nih.gov/geo/).
                  --acc-url URL         The query CGI (default https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi).
                  --eutils-url URL      E-utilities (default https://eutils.ncbi.nlm.nih.gov/entrez/eutils/).
                  --rate R              Allows R requests per second to each host (your explicit choice;
                                        by default geoloop keeps below NCBI's published limits).
                  --retries N           Retries a failed download up to N times (default 4).
                  --tables              Includes every table row in the output.
                  --brief               Reads each series from the query CGI's brief records (the series,
                                        then all its samples; attributes only) instead of its family
                                        file: no tables and no platform blocks, kilobytes where an
                                        array series' family file has megabytes of sample tables; two
                                        requests per series to a host allowed 10 per second.
                  --email ADDRESS       Sent to E-utilities as NCBI asks (default $NCBI_EMAIL).
                  --api-key KEY         An NCBI API key (default $NCBI_API_KEY, which other users cannot
                                        see in the process list); never printed.
                  -h, --help            Shows this help.

                EXIT STATUS: 0 when every accession succeeded, 1 when some failed or an input line was
                invalid, 64 for bad usage, 130 when interrupted, 141 when standard output was closed
                (a pipe at once, else at the next result).

                """)
    }

    @Test func versionNamesTheLibraries() throws {
        let result = try runGeoloop(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("geoloop "))
        #expect(result.stdout.contains("libcurl"))
    }

    @Test func unknownOptionIsBadUsageWithTheTokenQuoted() throws {
        let result = try runGeoloop(["cache", "ls", "--colour"])
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == "Error: unknown option '--colour' for 'geoloop cache'.\nRun 'geoloop help cache' to see its options.\n"
        )
    }

    @Test func unknownCommandIsBadUsage() throws {
        let result = try runGeoloop(["harvest"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown command 'harvest'.\n"))
    }

    @Test func missingArgumentsAreBadUsage() throws {
        let serve = try runGeoloop(["serve"])
        #expect(serve.status == 64)
        #expect(
            serve.stderr
                == "Error: 'geoloop serve' needs a DIR to serve.\nFor example: geoloop serve ~/.cache/geoloop\n")

        let prune = try runGeoloop(["cache", "prune"])
        #expect(prune.status == 64)
        #expect(prune.stderr.hasPrefix("Error: 'geoloop cache prune' needs '--older-than AGE'.\n"))

        let value = try runGeoloop(["serve", "/tmp", "--port"])
        #expect(value.status == 64)
        #expect(value.stderr == "Error: '--port' needs a value.\nFor example: --port 8080\n")
    }

    @Test func invalidValuesAreBadUsage() throws {
        let age = try runGeoloop(["cache", "prune", "--older-than", "soon"])
        #expect(age.status == 64)
        #expect(age.stderr.hasPrefix("Error: 'soon' is not a valid age for '--older-than'.\n"))

        let port = try runGeoloop(["serve", "/tmp", "--port=70000"])
        #expect(port.status == 64)
        #expect(port.stderr.hasPrefix("Error: '70000' is not a valid value for '--port'.\n"))
    }
}
