#include "index/sphere_taxonomy.h"

#include <gtest/gtest.h>

namespace karta {
namespace {

using Spheres = std::vector<std::string>;

Spheres Of(const char* heading) { return SphereTaxonomy::Default().Classify(heading).spheres; }

TEST(SphereTaxonomy, SportIsNeverCulture) {
  EXPECT_EQ(Of("В сфере физической культуры и спорта"), Spheres{"Физическая культура и спорт"});
  EXPECT_EQ(Of("Сотрудничество в области культуры и искусства"), Spheres{"Культура"});
}

TEST(SphereTaxonomy, OneHeadingMayCarrySeveralSpheres) {
  EXPECT_EQ(Of("В области культуры, туризма и архивного дела"),
            (Spheres{"Культура", "Туризм", "Архивное дело"}));
  EXPECT_EQ(Of("В сфере науки, образования и молодежной политики"),
            (Spheres{"Наука и высшее образование", "Образование", "Молодёжная политика"}));
}

TEST(SphereTaxonomy, DifferentWordingsMeetInOneSphere) {
  const Spheres labour{"Труд и занятость"};
  EXPECT_EQ(Of("В сфере труда и занятости населения"), labour);
  EXPECT_EQ(Of("В сфере охраны труда и занятости населения"), labour);
  const Spheres ecology{"Экология и природопользование"};
  EXPECT_EQ(Of("В сфере охраны окружающей среды"), ecology);
  EXPECT_EQ(Of("В области природопользования и обеспечения экологической безопасности"), ecology);
  EXPECT_EQ(
      Of("Сотрудничество в области использования природных ресурсов и охраны окружающей среды"),
      ecology);
  EXPECT_EQ(Of("В сфере науки и высшего образования"), Spheres{"Наука и высшее образование"});
  EXPECT_EQ(Of("В области туристской деятельности"), Spheres{"Туризм"});
  EXPECT_EQ(Of("В сфере молодёжной политики"), Spheres{"Молодёжная политика"});
}

TEST(SphereTaxonomy, PlacesEnergyEmergenciesAndFisheries) {
  EXPECT_EQ(Of("В сфере топливно-энергетического комплекса и энергосбережения"),
            Spheres{"Энергетика"});
  EXPECT_EQ(Of("В сфере энергетики и жилищно-коммунального хозяйства"),
            (Spheres{"Энергетика", "ЖКХ и городская среда"}));
  EXPECT_EQ(Of("В области гражданской обороны и защиты от чрезвычайных ситуаций"),
            Spheres{"Правопорядок и безопасность"});
  EXPECT_EQ(Of("В сфере рыбного хозяйства"), Spheres{"Агропромышленный комплекс"});
  EXPECT_EQ(SphereTaxonomy::Default().Resolve("энергетика"), "Энергетика");
}

TEST(SphereTaxonomy, ReportsWordsItCannotPlace) {
  auto c = SphereTaxonomy::Default().Classify("В сфере космических исследований");
  EXPECT_TRUE(c.spheres.empty());
  EXPECT_EQ(c.unmatched_words, (Spheres{"космических", "исследований"}));
}

TEST(SphereTaxonomy, ResolvesAnalystWords) {
  const SphereTaxonomy& t = SphereTaxonomy::Default();
  EXPECT_EQ(t.Resolve("спорт"), "Физическая культура и спорт");
  EXPECT_EQ(t.Resolve("ТУРИЗМ"), "Туризм");
  EXPECT_EQ(t.Resolve("молодежная политика"), "Молодёжная политика");
  EXPECT_EQ(t.Resolve("космос"), "");
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Issue 12, case 10: a measure's spheres come from its own text, not from the names of the
// bodies it mentions.
TEST(SphereTaxonomy, TextSpheresLeaveOutTheNamesOfBodies) {
  const SphereTaxonomy& t = SphereTaxonomy::Default();
  EXPECT_EQ(t.ClassifyText("Обмен информацией о мероприятиях в сфере культуры при поддержке "
                           "Министерства по культуре и туризму Калининградской области"),
            (std::vector<std::string>{"Культура"}));
  EXPECT_EQ(t.ClassifyText("Конференции по направлениям архивной деятельности"),
            (std::vector<std::string>{"Архивное дело"}));
  EXPECT_TRUE(t.ClassifyText("Совместные проекты учреждений, подведомственных Комитету по "
                             "культуре Санкт-Петербурга")
                  .empty());
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

TEST(SphereTaxonomy, PlacesTheWordingsOfOtherPlans) {
  EXPECT_EQ(Of("Государственная служба и кадровая политика"),
            Spheres{"Государственная служба и кадры"});
  EXPECT_EQ(Of("Агропромышленный комплекс"), Spheres{"Агропромышленный комплекс"});
  EXPECT_EQ(Of("В сфере жилищно-коммунального хозяйства"), Spheres{"ЖКХ и городская среда"});
  EXPECT_EQ(Of("В сфере информационных технологий и цифровой трансформации"),
            Spheres{"Информатизация и связь"});
  EXPECT_EQ(Of("В сфере гостиничного хозяйства"), Spheres{"Туризм"});
  EXPECT_EQ(Of("В сфере дорожного хозяйства"), Spheres{"Транспорт"});
  EXPECT_EQ(SphereTaxonomy::Default().ClassifyText("Акции военно-патриотической направленности"),
            std::vector<std::string>{"Патриотическое воспитание"});
}

}  // namespace
}  // namespace karta
