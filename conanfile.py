# Conan 2 recipe for amicpp, a header-only library on standalone Asio.
#   conan create . --build=missing     # packages this tree, then builds and runs test_package/
# Consumers: find_package(amicpp CONFIG REQUIRED) and target_link_libraries(... amicpp::amicpp),
# with the CMakeDeps generator (which writes its own amicpp-config.cmake: the one amicpp's CMake
# install makes is not shipped, so the headers are copied instead).
import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.files import copy, load
from conan.tools.layout import basic_layout

required_conan_version = ">=2.0"


class AmicppConan(ConanFile):
    name = "amicpp"
    description = "Header-only C++ client library for the Asterisk Manager Interface, on standalone Asio"
    license = "BSL-1.0"
    url = "https://github.com/amicpp/amicpp"
    homepage = "https://github.com/amicpp/amicpp"
    topics = ("asterisk", "ami", "asio", "voip", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "include/*", "LICENSE"
    no_copy_source = True

    def set_version(self):
        # One source of truth: project(amicpp VERSION x.y.z) in CMakeLists.txt.
        if not self.version:
            text = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
            self.version = re.search(r"project\(\s*amicpp\s+VERSION\s+([0-9.]+)", text).group(1)

    def layout(self):
        # Nothing is built (the headers are copied), so the plain layout conan-center asks of
        # header-only recipes; test_package/ uses cmake_layout.
        basic_layout(self, src_folder=".")

    def requirements(self):
        # Debian bookworm has 1.22.1; any later 1.x works (no default completion token is assumed).
        self.requires("asio/[>=1.22.1 <2]")

    def package_id(self):
        self.info.clear()

    def validate(self):
        if self.settings.get_safe("compiler.cppstd"):
            check_min_cppstd(self, 17)

    def package(self):
        copy(self, "LICENSE", src=self.source_folder, dst=os.path.join(self.package_folder, "licenses"))
        copy(self, "*.hpp", src=os.path.join(self.source_folder, "include"),
             dst=os.path.join(self.package_folder, "include"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "amicpp")
        self.cpp_info.set_property("cmake_target_name", "amicpp::amicpp")
        self.cpp_info.set_property("pkg_config_name", "amicpp")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
