/// The page around every typed page (ADR 0008): byte for byte what `layout.mustache` writes around a `main`
/// block, so a page can move from Mustache to `HTMLBuilder` without its output changing (the golden-page tests and
/// `PersonPageHTMLTests` hold both to that).
enum LayoutHTML {
    /// Writes the head, header and navigation of `shell`, then `main` (the page's own content), then the footer.
    static func page(_ shell: Shell, capacity: Int = 16 * 1024, main: (inout HTMLBuilder) -> Void) -> HTMLBuilder {
        var html = HTMLBuilder(capacity: capacity)
        html.raw(
            """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """)
        html.text(shell.title)
        html.raw(
            """
             – Liaison</title>
            <link rel="stylesheet" href="/assets/liaison.css">
            </head>
            <body>
            <a href="#main-content" class="skip-link">Skip to main content</a>
            <header class="header">
              <div class="width-container header__inner">
                <a href="/" class="header__service">Liaison</a>
                <span class="header__tagline">Liaison and Diversion case management</span>

            """)
        if let userName = shell.userName {
            html.raw("    <div class=\"header__user\">\n      <span>")
            html.text(userName)
            html.raw(
                """
                </span>
                      <form method="post" action="/sign-out" class="inline-form">
                        <input type="hidden" name="csrf" value="
                """)
            html.text(shell.csrfToken ?? "")
            html.raw(
                """
                ">
                        <button type="submit" class="link-button">Sign out</button>
                      </form>
                    </div>

                """)
        }
        html.raw("  </div>\n</header>\n")
        if !shell.nav.isEmpty {
            html.raw(
                "<nav class=\"service-nav\" aria-label=\"Main\">\n  <ul class=\"width-container service-nav__list\">\n    "
            )
            for item in shell.nav {
                html.raw("<li><a href=\"")
                html.text(item.href)
                html.raw("\" ")
                if item.current { html.raw("aria-current=\"page\" class=\"is-current\"") }
                html.raw(">")
                html.text(item.label)
                html.raw("</a></li>")
            }
            html.raw("\n  </ul>\n</nav>\n")
        }
        html.raw("<div class=\"width-container\">\n<main class=\"main\" id=\"main-content\">\n")
        main(&html)
        html.raw(
            """
            </main>
            </div>
            <footer class="footer">
              <div class="width-container">
                <p>Liaison holds special category health and criminal offence data. Every access is recorded.</p>
              </div>
            </footer>
            </body>
            </html>

            """)
        return html
    }
}
