# The network for the page: an ES module core.mjs + core.wasm (Embind).
add_executable(core_embind ${CMAKE_SOURCE_DIR}/wasm/bindings.cpp)
target_link_libraries(core_embind PRIVATE hpiano_core)
target_link_options(core_embind PRIVATE --bind -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createHebbianCore
                    -sENVIRONMENT=web,worker -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0)
set_target_properties(core_embind PROPERTIES OUTPUT_NAME core SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY ${SITE_WASM_DIR})
