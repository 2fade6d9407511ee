// ManifestReader: a good manifest parses completely; each kind of broken one names its problem.
#include <gtest/gtest.h>
#include <toolhost/manifestreader.h>

#include <string>

using grove::platform::ManifestReader;

namespace {

std::string good_manifest(const std::string& replace_key = "",
                          const std::string& replacement = "") {
    std::string fields[][2] = {
        {"manifestVersion", "1"},
        {"id", "\"org.example.checklist\""},
        {"name", "\"Checklist\""},
        {"description", "\"Things to do\""},
        {"publisher", "\"Example\""},
        {"version", "\"1.2.0\""},
        {"compatVersion", "\"1.0.0\""},
        {"sdkAbi", "1"},
        {"library", "\"libchecklist.so\""},
        {"icon", "\"icon.svg\""},
        {"views",
         "[{\"id\": \"main\", \"name\": \"Checklist\", \"url\": "
         "\"qrc:/org/example/checklist/View.qml\"}]"},
        {"services", "[\"org.example.checklist.v1.Service\"]"},
    };
    std::string out = "{";
    bool first = true;
    for (auto& [key, value] : fields) {
        if (key == replace_key && replacement.empty()) continue;
        if (!first) out += ", ";
        first = false;
        out += "\"" + key + "\": " + (key == replace_key ? replacement : value);
    }
    return out + ", \"futureField\": {\"ignored\": true}}";
}

void expect_error(const std::string& json, const std::string& fragment) {
    auto manifest = ManifestReader::parse(json);
    ASSERT_FALSE(manifest.ok()) << json;
    EXPECT_NE(manifest.error().message.find(fragment), std::string::npos)
        << "error '" << manifest.error().message << "' lacks '" << fragment << "'";
}

}  // namespace

TEST(ManifestReader, ParsesEveryField) {
    auto manifest = ManifestReader::parse(good_manifest());
    ASSERT_TRUE(manifest.ok()) << manifest.error().message;
    EXPECT_EQ(manifest->id, "org.example.checklist");
    EXPECT_EQ(manifest->name, "Checklist");
    EXPECT_EQ(manifest->description, "Things to do");
    EXPECT_EQ(manifest->publisher, "Example");
    EXPECT_EQ(manifest->version.to_string(), "1.2.0");
    EXPECT_EQ(manifest->compat_version.to_string(), "1.0.0");
    EXPECT_EQ(manifest->sdk_abi, 1u);
    EXPECT_EQ(manifest->library, "libchecklist.so");
    EXPECT_EQ(manifest->icon, "icon.svg");
    ASSERT_EQ(manifest->views.size(), 1u);
    EXPECT_EQ(manifest->views[0].url, "qrc:/org/example/checklist/View.qml");
    ASSERT_EQ(manifest->services.size(), 1u);
    EXPECT_TRUE(manifest->provides(*grove::sdk::SemanticVersion::parse("1.1")));
    EXPECT_FALSE(manifest->provides(*grove::sdk::SemanticVersion::parse("1.3")));
}

TEST(ManifestReader, NamesEachProblem) {
    expect_error("{\"id\": ", "not valid JSON");
    expect_error("[1, 2]", "must be a JSON object");
    expect_error(good_manifest("manifestVersion", "2"), "manifest format 2");
    expect_error(good_manifest("id", ""), "missing field 'id'");
    expect_error(good_manifest("id", "\"checklist\""), "reverse-DNS");
    expect_error(good_manifest("id", "\"org.example.check-list\""), "reverse-DNS");
    expect_error(good_manifest("name", "42"), "'name' must be a string");
    expect_error(good_manifest("version", "\"one\""), "'version' is not a semantic version");
    expect_error(good_manifest("compatVersion", "\"2.0.0\""), "newer than version");
    expect_error(good_manifest("sdkAbi", "\"1\""), "sdkAbi");
    expect_error(good_manifest("library", "\"../../evil.so\""), "'library' must be a file name");
    expect_error(good_manifest("icon", "\"/etc/passwd\""), "'icon' must be a file name");
    expect_error(good_manifest("views", "[{\"id\": \"main\", \"url\": \"file:///tmp/x.qml\"}]"),
                 "qrc:/");
    expect_error(good_manifest("services", "[1]"), "services");
}

TEST(ManifestReader, ValidToolIds) {
    EXPECT_TRUE(ManifestReader::valid_tool_id("org.grove.discussion"));
    EXPECT_TRUE(ManifestReader::valid_tool_id("com.example.check_list2"));
    EXPECT_FALSE(ManifestReader::valid_tool_id("discussion"));
    EXPECT_FALSE(ManifestReader::valid_tool_id("org..grove"));
    EXPECT_FALSE(ManifestReader::valid_tool_id("org.grove."));
    EXPECT_FALSE(ManifestReader::valid_tool_id("org.1grove"));
}
