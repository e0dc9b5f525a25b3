# The network for the page: an ES module core.mjs + core.wasm (Embind).
add_executable(core_embind ${CMAKE_SOURCE_DIR}/wasm/bindings.cpp)
target_link_libraries(core_embind PRIVATE hpiano_core)
target_link_options(core_embind PRIVATE --bind -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createHebbianCore
                    -sENVIRONMENT=web,worker -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0
                    # The module's options anyone passes (network.js, tests/wasm): less glue.
                    "-sINCOMING_MODULE_JS_API=[instantiateWasm,onRuntimeInitialized,wasmBinary]"
                    # wasm-opt -O3: the step ~8% faster than at -Oz for ~1 KB (gzip) more (scripts/bench);
                    # -msimd128 lets it keep the step's SIMD instructions.
                    -O3 -msimd128
                    # The heap grows to what is asked, not 20% beyond it: it holds one network
                    # (32 MiB at the defaults), allocated once, and never shrinks. The stack is
                    # 1 MiB, not Emscripten's 5: every tests/wasm test passed with 256 KiB and
                    # -sSTACK_OVERFLOW_CHECK=2. A link of the 24 built-in tunes opened in 41.6 MiB
                    # of heap, now about 33 (issue 12: at most 40).
                    -sMEMORY_GROWTH_GEOMETRIC_STEP=0 -sTOTAL_STACK=1048576)
set_target_properties(core_embind PROPERTIES OUTPUT_NAME core SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY ${SITE_WASM_DIR})
# Bytes count on the page's first load: everything but the step and its
# frame (network.cpp, key_rhythm.cpp, population.cpp, det_math.cpp, frame.cpp, at
# -O2: as fast as -O3 in wasm and 4 KB gzip smaller; synth.cpp, the audio worklet's,
# at -O3) is compiled for size.
set(CORE_STEP_SOURCES ${CMAKE_SOURCE_DIR}/core/network.cpp ${CMAKE_SOURCE_DIR}/core/key_rhythm.cpp
    ${CMAKE_SOURCE_DIR}/core/population.cpp ${CMAKE_SOURCE_DIR}/core/det_math.cpp ${CMAKE_SOURCE_DIR}/core/frame.cpp)
file(GLOB CORE_SIZE_SOURCES ${CMAKE_SOURCE_DIR}/core/*.cpp)
list(REMOVE_ITEM CORE_SIZE_SOURCES ${CORE_STEP_SOURCES} ${CMAKE_SOURCE_DIR}/core/synth.cpp)
set_source_files_properties(${CORE_SIZE_SOURCES} ${CMAKE_SOURCE_DIR}/wasm/bindings.cpp PROPERTIES COMPILE_OPTIONS -Oz)
# The step with wasm SIMD (every current browser has it; the page says so to one without, web/network.js):
# its element-wise loops over the neurons run two doubles at a time, each element summed in the same order,
# so the results stay those of the native build (scripts/bench: the step ~8% faster).
set_source_files_properties(${CORE_STEP_SOURCES} PROPERTIES COMPILE_OPTIONS "-O2;-msimd128")
