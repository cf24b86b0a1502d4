#pragma once
// The portal's built files, embedded at build time (cmake/web.cmake, cmake/embed_web.cmake);
// empty in a build with CHAMADO_WEB=OFF.
#include <span>

#include "adapters/http/static_site.hpp"

namespace chamado::web {
std::span<const http::EmbeddedFile> Files();
}  // namespace chamado::web
