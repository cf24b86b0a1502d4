// The content decides, never the name: small real samples of the types the attachment
// policy cares about, each saved under a misleading name.
#include "adapters/filetype/magic_detector.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace chamado::filetype {
namespace {

namespace fs = std::filesystem;

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

class Magic : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chamado-magic-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
  MagicFileTypeDetector magic_;
};

// A 1x1 grey PNG: signature and IHDR chunk.
const std::string kPng = FromHex("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55");
// A stored ZIP holding a.txt ("hello").
const std::string kZip = FromHex(
    "504b0304140000000000b5927a5d86a61036050000000500000005000000612e74787468656c6c6f504b0102140314000000"
    "0000b5927a5d86a610360500000005000000050000000000000000000000800100000000612e747874504b050600000000010"
    "0010033000000280000000000");

TEST_F(Magic, KnowsCommonAttachmentTypesByContent) {
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("picture.pdf", kPng)), "image/png");
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("report.png", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")),
            "application/pdf");
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("table.txt", "name,amount,date\nana,10,2024-01-01\nbo,20,2024-01-02\n")),
            "text/csv");
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("notes.csv", "hello, this is a note\nnothing tabular here\n")), "text/plain");
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("archive.docx", kZip)), "application/zip");
}

// An .xlsx: a zip whose first member is [Content_Types].xml, then xl/workbook.xml.
const std::string kXlsx = FromHex(
    "504b0304140000000800e2987a5dc71c173c0a00000008000000130000005b436f6e74656e745f54797065735d2e786d6cb3"
    "09a92c482dd6b70300504b0304140000000800e2987a5d82d91cd512000000100000000b0000005f72656c732f2e72656c73"
    "b3094acd492cc9cccf2bcec82c28d6b70300504b0304140000000800e2987a5dce9e98130d0000000b0000000f000000786c"
    "2f776f726b626f6f6b2e786d6cb329cf2fca4ecacfcfd6b70300504b01021403140000000800e2987a5dc71c173c0a000000"
    "080000001300000000000000000000008001000000005b436f6e74656e745f54797065735d2e786d6c504b01021403140000"
    "000800e2987a5d82d91cd512000000100000000b000000000000000000000080013b0000005f72656c732f2e72656c73504b"
    "01021403140000000800e2987a5dce9e98130d0000000b0000000f0000000000000000000000800176000000786c2f776f72"
    "6b626f6f6b2e786d6c504b05060000000003000300b7000000b00000000000");

TEST_F(Magic, OfficeFilesByTheirFirstMembers) {
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("sheet.xlsx", kXlsx)),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

// Only the head of a file is read (256 KiB at most): a 20 MB PDF costs no 20 MB of memory
// and is still a PDF; text past the head does not change a CSV's type.
TEST_F(Magic, BigFilesAreJudgedByTheirHead) {
  std::string pdf = "%PDF-1.4\n%";
  pdf.append(20 * 1024 * 1024, 'x');
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("big.pdf", pdf)), "application/pdf");
  std::string csv;
  for (int i = 0; csv.size() < 3 * 1024 * 1024; ++i) csv += std::to_string(i) + ",name" + std::to_string(i) + ",10\n";
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("big.csv", csv)), "text/csv");
}

TEST_F(Magic, AnExecutableRenamedPdfIsStillAnExecutable) {
  // This test program itself: an ELF binary.
  const auto exe = fs::read_symlink("/proc/self/exe");
  const auto renamed = dir_ / "invoice.pdf";
  fs::copy_file(exe, renamed);
  const std::string t = magic_.MimeTypeOfFile(renamed.string());
  EXPECT_TRUE(t == "application/x-pie-executable" || t == "application/x-executable" || t == "application/x-sharedlib")
      << t;
}

TEST_F(Magic, NothingRecognisableIsOctetStream) {
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("empty.png", "")), "application/octet-stream");
  EXPECT_EQ(magic_.MimeTypeOfFile((dir_ / "missing").string()), "application/octet-stream");
  EXPECT_EQ(magic_.MimeTypeOfFile(dir_.string()), "application/octet-stream");  // a directory
  EXPECT_EQ(magic_.MimeTypeOfFile(Write("noise.jpg", FromHex("00ff13a7c2000102fe"))), "application/octet-stream");
}

// One detector serves every request thread.
TEST_F(Magic, SafeFromManyThreads) {
  const auto png = Write("a", kPng);
  const auto csv = Write("b", "x,y\n1,2\n3,4\n");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (magic_.MimeTypeOfFile(png) != "image/png") ++wrong;
        if (magic_.MimeTypeOfFile(csv) != "text/csv") ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace chamado::filetype
