// One sphere taxonomy for all documents (index/data/spheres.tsv): maps a section heading —
// or an analyst's word such as «спорт» — onto canonical spheres. A heading may carry several
// («В области культуры, туризма и архивного дела» → Культура, Туризм, Архивное дело).
//
// Thread safety: immutable after construction; Default() is safe to share.
#ifndef KARTA_INDEX_SPHERE_TAXONOMY_H_
#define KARTA_INDEX_SPHERE_TAXONOMY_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace karta {

class SphereTaxonomy {
 public:
  struct Classification {
    std::vector<std::string> spheres;          // canonical names, in heading order, unique
    std::vector<std::string> unmatched_words;  // folded words no pattern or filler covers
  };

  static SphereTaxonomy FromTsv(std::string_view tsv);
  static const SphereTaxonomy& Default();

  [[nodiscard]] Classification Classify(std::string_view heading) const;
  // The spheres a measure's text speaks of, not counting the names of bodies it mentions
  // («при поддержке Министерства по культуре и туризму …» is not about tourism): a name runs
  // from a body's head word to the region or city that ends it, or to the next punctuation.
  [[nodiscard]] std::vector<std::string> ClassifyText(std::string_view text) const;

  // The canonical sphere named by `name`: an exact canonical name (case/ё-insensitive) or a
  // phrase classifying to exactly one sphere. Empty when unknown or ambiguous.
  [[nodiscard]] std::string Resolve(std::string_view name) const;

  // The spheres whose canonical name holds every word of `words` in any case form («кадры» —
  // «Государственная служба и кадры»; «политика» — three), in taxonomy order.
  [[nodiscard]] std::vector<std::string> NamedBy(std::string_view words) const;

  [[nodiscard]] const std::vector<std::string>& spheres() const { return spheres_; }

 private:
  struct Pattern {
    std::vector<std::string> prefixes;  // folded word prefixes, matched in sequence
    size_t sphere = 0;
    size_t weight = 0;  // total prefix length: longer patterns win
  };
  std::vector<std::string> spheres_;
  std::vector<Pattern> patterns_;  // longest first
  std::unordered_set<std::string> filler_;
};

}  // namespace karta

#endif  // KARTA_INDEX_SPHERE_TAXONOMY_H_
