// The translation unit that builds the shared precompiled headers (see CMakeLists.txt).
