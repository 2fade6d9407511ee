# Warnings and sanitizer flags shared by every Grove target.
add_compile_options(-Wall -Wextra -Wno-unused-parameter)
if(GROVE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
