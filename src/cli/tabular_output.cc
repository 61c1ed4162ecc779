#include "src/cli/tabular_output.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "src/cli/exit_codes.h"

namespace karta::cli {
namespace {

// What Excel would change when it opens a CSV, kept as written: a number with dots («6.1», a
// measure number) it reads as a date, a cell starting with = + - @ as a formula. Such a cell
// becomes the formula ="…", which shows the text itself (formulas hold up to 8,192
// characters; a longer cell is left as it is).
std::string ExcelSafe(const std::string& cell) {
  if (cell.empty() || cell.size() > 8000) return cell;
  const bool formula = std::string_view("=+-@").find(cell[0]) != std::string_view::npos;
  const bool dotted_number = cell.find('.') != std::string::npos &&
                             cell.find_first_not_of("0123456789.") == std::string::npos;
  if (!formula && !dotted_number) return cell;
  std::string out = "=\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class CsvOutput : public TabularOutput {
 public:
  CsvOutput(std::unique_ptr<std::ofstream> file, bool excel, std::string path)
      : file_(std::move(file)), excel_(excel), path_(std::move(path)) {
    if (excel_) out() << "\xEF\xBB\xBF";  // Excel takes a CSV as UTF-8 only with a BOM
  }
  void Row(const std::vector<std::string>& cells) override {
    if (!excel_) {
      out() << engine::CsvRow(cells);
      return;
    }
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string c = ExcelSafe(cells[i]);
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
    if (row_ >= LXW_ROW_MAX) {
      ++lost_rows_;
      return;
    }
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
        } else if (s.size() <= kMaxCellChars || Characters(s) <= kMaxCellChars) {
          worksheet_write_string(sheet_, row_, col, s.c_str(),
                                 s.find('\n') != std::string::npos ? wrap_ : nullptr);
        } else {  // Excel's limit is 32,767 characters: cut at a character, said in the cell
          size_t cut = 0;  // the byte where character kMaxCellChars - 200 starts
          for (size_t chars = 0; cut < s.size(); ++cut) {
            if ((static_cast<unsigned char>(s[cut]) & 0xC0) != 0x80 &&
                chars++ == kMaxCellChars - 200) {
              break;
            }
          }
          const std::string shown = s.substr(0, cut) +
                                    " […cut: Excel holds 32,767 characters in a cell; the whole "
                                    "text is in the CSV and JSON exports]";
          worksheet_write_string(sheet_, row_, col, shown.c_str(), wrap_);
          ++cut_cells_;
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
    if (status != LXW_NO_ERROR) {
      *error = path_ + ": cannot be written (" + lxw_strerror(status) + ")";
      return false;
    }
    if (lost_rows_) {
      *error = path_ + ": " + std::to_string(lost_rows_) +
               " rows do not fit in a worksheet (1,048,576 rows); export them as CSV or JSON "
               "Lines";
      return false;
    }
    if (cut_cells_) {
      std::cerr << "karta: " << path_ << ": " << cut_cells_
                << " cells longer than Excel holds were cut (marked in the cell)\n";
    }
    return true;
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
  size_t lost_rows_ = 0, cut_cells_ = 0;
  static constexpr size_t kMaxCellChars = 32767;  // Excel's limit
  static size_t Characters(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
};

// Why a file cannot be written at `path`, found before any work is done (libxlsxwriter says only
// «Usually a permissions error» after the whole workbook is built); empty when it can.
std::string UnwritablePath(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return path + " is a directory; name a file in it";
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::exists(dir, ec)) return "the directory " + dir.string() + " does not exist";
  if (!fs::is_directory(dir, ec)) return dir.string() + " is not a directory";
  if (::access(dir.c_str(), W_OK) != 0) return "the directory " + dir.string() + " is not writable";
  if (fs::exists(path, ec) && ::access(path.c_str(), W_OK) != 0) return path + " is not writable";
  return "";
}

}  // namespace

void AddTabularOptions(CLI::App* cmd, TabularOptions* opt) {
  cmd->add_flag("--excel", opt->excel,
                "CSV as a Russian-locale Excel opens it: UTF-8 BOM and «;» between fields");
  cmd->add_option("-o,--output", opt->output,
                  "Write csv or xlsx to this file instead of stdout (xlsx needs it)");
  // Other formats go to stdout: -o with them would be ignored, so it is refused.
  cmd->parse_complete_callback([cmd, opt] {
    const CLI::Option* f = cmd->get_option_no_throw("--format");
    const std::string format =
        f == nullptr ? "" : (f->count() > 0 ? f->as<std::string>() : f->get_default_str());
    // --excel shapes CSV only; with another format it would be ignored, so it is refused.
    if (opt->excel && format != "csv") {
      throw CLI::ValidationError("--excel", "shapes CSV: give -f csv (not -f " + format + ")");
    }
    if (opt->output.empty()) return;
    if (format != "csv" && format != "xlsx") {
      throw CLI::ValidationError("-o,--output", "writes -f csv or -f xlsx; -f " + format +
                                                    " goes to stdout (redirect it: > FILE)");
    }
    if (const std::string problem = UnwritablePath(opt->output); !problem.empty()) {
      throw CLI::ValidationError("-o,--output", problem);
    }
  });
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

int WriteTable(const engine::TableView& table, const std::string& format,
               const TabularOptions& opt) {
  std::string error;
  std::unique_ptr<TabularOutput> out = OpenTabular(format, opt, table.sheet, table.numeric, &error);
  if (out) {
    for (const auto& row : table.rows) out->Row(row);
    if (out->Finish(&error)) return kExitOk;
  }
  std::cerr << "karta: " << error << '\n';
  return kExitUsageError;
}

}  // namespace karta::cli
