# The customer portal (web/, TypeScript + Vite): built with npm as part of the C++ build and
# embedded into the chamado binary (main/web_assets.hpp). `npm run build` also fails when the
# JavaScript is over its size budget (web/scripts/check-size.mjs), which fails this build.
option(CHAMADO_WEB "Build the portal in web/ with npm and embed it in the binary" ON)
set(CHAMADO_WEB_CPP ${CMAKE_BINARY_DIR}/web_assets.cpp)
if(CHAMADO_WEB)
  find_program(CHAMADO_NPM npm REQUIRED)
  set(web_src ${PROJECT_SOURCE_DIR}/web)
  set(web_out ${CMAKE_BINARY_DIR}/web-dist)
  file(GLOB_RECURSE web_inputs CONFIGURE_DEPENDS ${web_src}/src/*)
  list(APPEND web_inputs ${web_src}/index.html ${web_src}/package.json ${web_src}/package-lock.json
    ${web_src}/vite.config.ts ${web_src}/tsconfig.json ${web_src}/scripts/check-size.mjs
    ${web_src}/scripts/ensure-deps.sh ${PROJECT_SOURCE_DIR}/cmake/embed_web.cmake)
  add_custom_command(OUTPUT ${CHAMADO_WEB_CPP}
    COMMAND bash ${web_src}/scripts/ensure-deps.sh
    COMMAND ${CMAKE_COMMAND} -E env CHAMADO_WEB_OUT=${web_out} ${CHAMADO_NPM} run --silent build
    COMMAND ${CMAKE_COMMAND} -DDIR=${web_out} -DOUT=${CHAMADO_WEB_CPP} -P ${PROJECT_SOURCE_DIR}/cmake/embed_web.cmake
    WORKING_DIRECTORY ${web_src}
    DEPENDS ${web_inputs}
    COMMENT "Building the portal (web/) and embedding it"
    VERBATIM)
  add_custom_target(chamado_web_assets DEPENDS ${CHAMADO_WEB_CPP})
else()
  # No portal in this binary: `chamado serve --web DIR` can still serve one.
  execute_process(COMMAND ${CMAKE_COMMAND} -DOUT=${CHAMADO_WEB_CPP} -P ${PROJECT_SOURCE_DIR}/cmake/embed_web.cmake)
  add_custom_target(chamado_web_assets)
endif()
