#include "src/cli/tabular_output.h"

#include <xlsxwriter.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "src/cli/output.h"

namespace karta::cli {
namespace {

class CsvOutput : public TabularOutput {
 public:
  CsvOutput(std::unique_ptr<std::ofstream> file, bool excel, std::string path)
      : file_(std::move(file)), excel_(excel), path_(std::move(path)) {
    if (excel_) out() << "\xEF\xBB\xBF";  // Excel takes a CSV as UTF-8 only with a BOM
  }
  void Row(const std::vector<std::string>& cells) override {
    if (!excel_) {
      out() << CsvRow(cells);
      return;
    }
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string& c = cells[i];
      line += i ? ";" : "";
      if (c.find_first_of(";\"\n\r") == std::string::npos) {
        line += c;
        continue;
      }
      line += '"';
      for (char ch : c) line += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      line += '"';
    }
    out() << line << "\r\n";
  }
  bool Finish(std::string* error) override {
    out().flush();
    if (out()) return true;
    *error = (path_.empty() ? std::string("stdout") : path_) + ": cannot be written";
    return false;
  }

 private:
  std::ostream& out() { return file_ ? *file_ : std::cout; }
  std::unique_ptr<std::ofstream> file_;
  bool excel_;
  std::string path_;
};

class XlsxOutput : public TabularOutput {
 public:
  XlsxOutput(lxw_workbook* book, std::string path, const std::string& sheet,
             std::set<std::string> numeric)
      : book_(book), path_(std::move(path)), numeric_(std::move(numeric)) {
    sheet_ = workbook_add_worksheet(book_, sheet.substr(0, 31).c_str());
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    wrap_ = workbook_add_format(book_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }
  ~XlsxOutput() override {
    if (book_) workbook_close(book_);
  }
  void Row(const std::vector<std::string>& cells) override {
    if (row_ == 0) {
      for (size_t c = 0; c < cells.size(); ++c) {
        numeric_column_.push_back(numeric_.count(cells[c]) > 0);
        worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), cells[c].c_str(), bold_);
      }
      worksheet_freeze_panes(sheet_, 1, 0);
    } else {
      for (size_t c = 0; c < cells.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        double number = 0;
        const std::string& s = cells[c];
        const bool parses =
            !s.empty() && s.size() <= 15 &&
            std::from_chars(s.data(), s.data() + s.size(), number).ptr == s.data() + s.size();
        const bool integer = parses && s.find_first_not_of("0123456789") == std::string::npos &&
                             (s.size() == 1 || s[0] != '0');
        const bool numeric =
            integer || (parses && c < numeric_column_.size() && numeric_column_[c]);
        if (numeric) {
          worksheet_write_number(sheet_, row_, col, number, nullptr);
        } else {
          worksheet_write_string(sheet_, row_, col, s.c_str(),
                                 s.find('\n') != std::string::npos ? wrap_ : nullptr);
        }
        widths_.resize(std::max(widths_.size(), c + 1), 0);
        widths_[c] = std::max(widths_[c], std::min<size_t>(s.size() / 2 + 2, 80));
      }
    }
    ++row_;
  }
  bool Finish(std::string* error) override {
    for (size_t c = 0; c < widths_.size(); ++c) {
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::max<double>(8, static_cast<double>(widths_[c])), nullptr);
    }
    if (row_ > 1) {
      worksheet_autofilter(
          sheet_, 0, 0, row_ - 1,
          static_cast<lxw_col_t>(numeric_column_.empty() ? 0 : numeric_column_.size() - 1));
    }
    const lxw_error status = workbook_close(book_);
    book_ = nullptr;
    if (status == LXW_NO_ERROR) return true;
    *error = path_ + ": cannot be written (" + lxw_strerror(status) + ")";
    return false;
  }

 private:
  lxw_workbook* book_;
  std::string path_;
  std::set<std::string> numeric_;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* wrap_ = nullptr;
  lxw_row_t row_ = 0;
  std::vector<bool> numeric_column_;
  std::vector<size_t> widths_;
};

}  // namespace

void AddTabularOptions(CLI::App* cmd, TabularOptions* opt) {
  cmd->add_flag("--excel", opt->excel,
                "CSV as a Russian-locale Excel opens it: UTF-8 BOM and «;» between fields");
  cmd->add_option("-o,--output", opt->output,
                  "Write csv or xlsx to this file instead of stdout (xlsx needs it)");
}

std::unique_ptr<TabularOutput> OpenTabular(const std::string& format, const TabularOptions& opt,
                                           const std::string& sheet,
                                           const std::set<std::string>& numeric,
                                           std::string* error) {
  if (format == "xlsx") {
    if (opt.output.empty()) {
      *error = "-f xlsx writes a workbook: name the file with -o FILE.xlsx";
      return nullptr;
    }
    lxw_workbook* book = workbook_new(opt.output.c_str());
    if (!book) {
      *error = opt.output + ": cannot be created";
      return nullptr;
    }
    return std::make_unique<XlsxOutput>(book, opt.output, sheet, numeric);
  }
  std::unique_ptr<std::ofstream> file;
  if (!opt.output.empty()) {
    file = std::make_unique<std::ofstream>(opt.output, std::ios::binary | std::ios::trunc);
    if (!*file) {
      *error = opt.output + ": cannot be created";
      return nullptr;
    }
  }
  return std::make_unique<CsvOutput>(std::move(file), opt.excel, opt.output);
}

}  // namespace karta::cli
