// TF-IDF vectors of texts, their cosine and their centroid: what `karta similar`, the plan ↔
// report links and the related measures of a search are measured with.
#include "index/text_vector.h"

#include <gtest/gtest.h>

#include <cmath>

namespace karta {
namespace {

double Norm(const TermVector& v) {
  double sum = 0;
  for (const auto& [term, w] : v) sum += w * w;
  return std::sqrt(sum);
}

TEST(TextVector, TextsSharingTheirRareWordsAreAlikeAndFormsOfAWordMeet) {
  const std::string tourism = "Содействие участию представителей туристской индустрии";
  const std::string tourism2 = "Презентации туристских возможностей и индустрии туризма";
  const std::string sport = "Содействие участию спортсменов в соревнованиях";
  const std::vector<TermVector> v = VectorsAmong({&tourism, &tourism2, &sport});
  for (const TermVector& one : v) EXPECT_NEAR(Norm(one), 1.0, 1e-9);
  EXPECT_NEAR(Cosine(v[0], v[0]), 1.0, 1e-9);
  // «туристской» and «туристских» are one term; «содействие участию» is shared with sport too.
  EXPECT_GT(Cosine(v[0], v[1]), 0.0);
  EXPECT_GT(Cosine(v[0], v[1]), Cosine(v[1], v[2]));
  EXPECT_EQ(Cosine(v[1], v[2]), 0.0);
}

// Rocchio's centroid: a word all the sources share outweighs the words only one of them has,
// so a text with the shared word is nearer the centroid than one with a single source's
// words, even when it is no nearer any one source.
TEST(TextVector, TheCentroidWeighsMostWhatTheSourcesShare) {
  const TermVector a = {{"shared", 0.6}, {"only_a", 0.8}};
  const TermVector b = {{"shared", 0.6}, {"only_b", 0.8}};
  const TermVector c = Centroid({&a, &b});
  EXPECT_NEAR(Norm(c), 1.0, 1e-9);
  EXPECT_GT(c.at("shared"), c.at("only_a"));
  EXPECT_NEAR(c.at("only_a"), c.at("only_b"), 1e-12);
  const TermVector on_topic = {{"shared", 1.0}};
  const TermVector like_a = {{"only_a", 1.0}};
  EXPECT_GT(Cosine(like_a, a), Cosine(on_topic, a));  // nearer one source...
  EXPECT_GT(Cosine(on_topic, c), Cosine(like_a, c));  // ...but farther from what they share
  EXPECT_TRUE(Centroid({}).empty());
  EXPECT_NEAR(Cosine(Centroid({&a}), a), 1.0, 1e-9);  // one source is its own centroid
}

}  // namespace
}  // namespace karta
