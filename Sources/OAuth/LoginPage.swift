import HTTP

/// The emulator's sign-in page: a plain `<form method="post">` with `username` and `password`, the authorization
/// parameters as hidden inputs, and no JavaScript, so scripts and tests can log in with plain HTTP.
public enum LoginPage {
    /// The page, 200 (or 401 with `error` after failed credentials).
    public static func render(
        title: String, action: String, parameters: [(String, String)], error: String? = nil
    ) -> Response {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · \(escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.3rem 0}
            .error{color:#b00020}</style></head><body>
            <h1>Sign in</h1><p>\(escape(title))</p>

            """
        if let error { html += "<p class=\"error\" role=\"alert\">\(escape(error))</p>\n" }
        html += "<form method=\"post\" action=\"\(escape(action))\">\n"
        for (name, value) in parameters {
            html += "<input type=\"hidden\" name=\"\(escape(name))\" value=\"\(escape(value))\">\n"
        }
        html += """
            <label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
            </form></body></html>

            """
        var response = Response.html(html, status: error == nil ? 200 : 401)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// An error page for requests that cannot be sent back to the client.
    public static func error(_ error: OAuthError, status: Int) -> Response {
        var response = Response.html(
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(error.code))</title></head>
            <body><h1>\(escape(error.code))</h1><p>\(escape(error.description))</p></body></html>

            """, status: status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
