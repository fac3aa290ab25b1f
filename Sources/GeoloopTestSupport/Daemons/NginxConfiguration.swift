import Foundation

/// What an `NginxServer` serves and how.
public struct NginxOptions: Sendable {
    /// The directory served at `/`.
    public var root: String
    /// Also listen with TLS and HTTP/2 (certificate from a throwaway CA, see `NginxServer.caFile`).
    public var https: Bool
    /// Write an access log (`NginxServer.accessLogFile`), one line per request:
    /// `<connection serial> <request number on that connection> <protocol> <status> <uri> <bytes sent>`.
    public var accessLog: Bool

    public init(root: String, https: Bool = false, accessLog: Bool = false) {
        self.root = root
        self.https = https
        self.accessLog = accessLog
    }
}

/// The nginx.conf text for one test server; every path nginx writes lives under `prefix`.
struct NginxConfiguration {
    var options: NginxOptions
    var prefix: String
    var httpPort: Int
    var httpsPort: Int?
    var certificate: (certificate: String, key: String)?

    static let statusPath = "/.geoloop-nginx-status"

    var text: String {
        // The master drops privileges to `user` for its workers; as root that would be nobody, who
        // cannot read our 0700 temp dirs, so workers stay root (it only ever listens on loopback).
        let user = geteuid() == 0 ? "user root;" : ""
        let accessLog =
            options.accessLog
            ? """
            log_format geoloop '$connection $connection_requests $server_protocol $status $request_uri $body_bytes_sent';
                access_log \(prefix)/logs/access.log geoloop;
            """
            : "access_log off;"
        var tlsServer = ""
        if let httpsPort, let certificate {
            tlsServer = """
                    server {
                        listen 127.0.0.1:\(httpsPort) ssl http2;
                        ssl_certificate \(certificate.certificate);
                        ssl_certificate_key \(certificate.key);
                        root \(options.root);
                        location = \(Self.statusPath) { stub_status; }
                    }
                """
        }
        return """
            daemon off;
            master_process on;
            worker_processes 1;
            \(user)
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/logs/error.log warn;
            events { worker_connections 4096; }
            http {
                \(accessLog)
                sendfile on;
                tcp_nopush on;
                keepalive_requests 100000;
                keepalive_timeout 120s;
                client_body_temp_path \(prefix)/tmp/body;
                proxy_temp_path \(prefix)/tmp/proxy;
                fastcgi_temp_path \(prefix)/tmp/fastcgi;
                uwsgi_temp_path \(prefix)/tmp/uwsgi;
                scgi_temp_path \(prefix)/tmp/scgi;
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:\(httpPort);
                    root \(options.root);
                    location = \(Self.statusPath) { stub_status; }
                }
            \(tlsServer)
            }

            """
    }
}
