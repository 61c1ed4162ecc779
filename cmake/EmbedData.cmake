# karta_embed_data(TARGET_SOURCE_VAR NAMESPACE SYMBOL FILE ...)
# Turns plain-text data files (gazetteer, taxonomy, word lists) into a generated .cc so the
# binary needs no install path at run time, while the data stays an ordinary file in git.
function(karta_embed_data out_var)
  set(generated "")
  foreach(spec ${ARGN})
    string(REPLACE "=" ";" parts "${spec}")
    list(GET parts 0 symbol)
    list(GET parts 1 file)
    get_filename_component(abs "${file}" ABSOLUTE)
    set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc")
    add_custom_command(
      OUTPUT "${out}"
      COMMAND ${CMAKE_COMMAND} -DINPUT=${abs} -DOUTPUT=${out} -DSYMBOL=${symbol}
              -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake"
      DEPENDS "${abs}" "${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake"
      COMMENT "Embedding ${file}")
    list(APPEND generated "${out}")
  endforeach()
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
