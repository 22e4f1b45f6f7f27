# Compiles the files of js/ into the binary: each becomes a byte array in a generated .cc,
# listed in a table that the engine's builtin module loader reads. Nothing reads js/ at run time.
function(edgerun_embed_js target)
  file(GLOB_RECURSE _js CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/js/*.js")
  set(_out "${CMAKE_BINARY_DIR}/generated/embedded_js.cc")
  add_custom_command(
    OUTPUT "${_out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${_out} -DROOT=${CMAKE_SOURCE_DIR}/js -P ${CMAKE_SOURCE_DIR}/cmake/embed_js_gen.cmake
    DEPENDS ${_js} "${CMAKE_SOURCE_DIR}/cmake/embed_js_gen.cmake"
    COMMENT "Embedding js/ builtins")
  target_sources(${target} PRIVATE "${_out}")
endfunction()
