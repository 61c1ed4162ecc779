# Writes the man page of karta with help2man, from the program's own help: the main --help,
# and every subcommand's --help under COMMANDS. Run with -DKARTA=<binary> -DHELP2MAN=<path>
# -DOUTPUT=<karta.1>.
execute_process(COMMAND ${KARTA} --help OUTPUT_VARIABLE main_help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "karta --help failed")
endif()
string(REGEX REPLACE ".*Subcommands:\n" "" commands_text "${main_help}")
string(REGEX MATCHALL "\n?  ([a-z]+) " command_lines "\n${commands_text}")
set(include "[COMMANDS]\n")
foreach(line ${command_lines})
  string(STRIP "${line}" command)
  execute_process(COMMAND ${KARTA} ${command} --help OUTPUT_VARIABLE help)
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "\n\\." "\n\\\\&." help "${help}")
  string(APPEND include ".SS \"karta ${command}\"\n.nf\n${help}\n.fi\n")
endforeach()
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(WRITE "${dir}/karta-commands.h2m" "${include}")
execute_process(
  COMMAND ${HELP2MAN} --no-info --no-discard-stderr
          "--name=search and analytics for St Petersburg's inter-regional cooperation roadmaps"
          --section=1 "--include=${dir}/karta-commands.h2m" --output=${OUTPUT} ${KARTA}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed")
endif()
