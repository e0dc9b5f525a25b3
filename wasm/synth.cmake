# The piano synthesiser as a bare WebAssembly reactor for the AudioWorklet:
# no JavaScript glue, no imports, a fixed 1 MiB memory (no growth, so the
# worklet's Float32Array view of the output buffer stays valid).
# Not linked with hpiano_core: it needs only synth.cpp and stays small.
add_executable(synth ${CMAKE_SOURCE_DIR}/core/synth.cpp ${CMAKE_SOURCE_DIR}/wasm/synth_exports.cpp)
target_include_directories(synth PRIVATE ${CMAKE_SOURCE_DIR}/core)
target_compile_options(synth PRIVATE -O3 -fno-exceptions -fno-rtti)
set(SYNTH_EXPORTS _synth_init,_synth_note_on,_synth_note_off,_synth_all_notes_off,_synth_render,_synth_active_voices)
target_link_options(synth PRIVATE -O3 --no-entry -sSTANDALONE_WASM=1 -sEXPORTED_FUNCTIONS=${SYNTH_EXPORTS}
                    -sINITIAL_MEMORY=1048576 -sTOTAL_STACK=65536 -sALLOW_MEMORY_GROWTH=0)
set_target_properties(synth PROPERTIES OUTPUT_NAME synth SUFFIX ".wasm" RUNTIME_OUTPUT_DIRECTORY ${SITE_WASM_DIR})
