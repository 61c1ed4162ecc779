// The web page's files (src/server/web/), compiled into the binary (cmake/EmbedData.cmake):
// no install path, no CDN, no build step.
//
// Thread safety: immutable data.
#ifndef KARTA_SRC_SERVER_WEB_ASSETS_H_
#define KARTA_SRC_SERVER_WEB_ASSETS_H_

#include <string_view>

namespace karta::data {

[[nodiscard]] std::string_view WebIndexHtml();  // src/server/web/index.html
[[nodiscard]] std::string_view WebAppJs();      // src/server/web/app.js
[[nodiscard]] std::string_view WebStyleCss();   // src/server/web/style.css

}  // namespace karta::data

#endif  // KARTA_SRC_SERVER_WEB_ASSETS_H_
