#pragma once

// Texts for the extractive engine's tests, written for them: short news items in the content
// languages of DESIGN.md §4, each long enough for a summary (80 words or more).

#include <string>
#include <string_view>
#include <vector>

namespace plaza::summarize::testing {

struct SampleText {
  std::string_view lang;
  std::string_view title;
  std::string_view body;
};

inline constexpr std::string_view kEnglishTitle = "City council approves new bicycle lanes";

// 14 sentences, about 250 words.
inline constexpr std::string_view kEnglishBody =
    "The city council voted on Tuesday to build forty kilometres of protected bicycle lanes "
    "over the next three years.\n"
    "The plan, which passed by eleven votes to four, will connect the main railway station "
    "with the university, the hospital and three large residential districts.\n"
    "Supporters said the bicycle lanes would reduce traffic, cut pollution and make cycling "
    "safer for children travelling to school.\n"
    "Opponents argued that removing parking spaces would hurt small shops along the busiest "
    "streets.\n"
    "The mayor said the city would compensate shop owners during construction and would add "
    "new parking near the markets.\n"
    "Construction of the first lanes will start in the spring, beginning with the avenue that "
    "links the station to the old town.\n"
    "The project will cost about sixty million euros, most of it paid by a national fund for "
    "cleaner transport.\n"
    "Cycling groups welcomed the decision but asked the council to publish a detailed "
    "timetable for every district.\n"
    "A survey last year found that one resident in five would cycle to work if the roads felt "
    "safer.\n"
    "The council will also lower the speed limit to thirty kilometres per hour on streets "
    "near schools.\n"
    "Bus operators said the new lanes would be built without taking space from bus routes.\n"
    "Engineers will install separate traffic lights for bicycles at the twenty busiest "
    "crossings.\n"
    "The city expects the share of trips made by bicycle to double by the end of the "
    "decade.\n"
    "Residents can comment on the routes at public meetings in each district next month.\n";

inline const std::vector<SampleText>& SampleTexts() {
  static const std::vector<SampleText> texts = {
      {"en", kEnglishTitle, kEnglishBody},
      {"fr", "Le conseil municipal approuve de nouvelles pistes cyclables",
       "Le conseil municipal a voté mardi la construction de quarante kilomètres de pistes "
       "cyclables protégées. Le projet reliera la gare centrale à l'université, à l'hôpital et "
       "à trois grands quartiers résidentiels. Les partisans du projet affirment que les pistes "
       "réduiront la circulation et la pollution de l'air. Les commerçants craignent que la "
       "suppression des places de stationnement fasse baisser leurs ventes. Le maire a promis "
       "d'indemniser les commerçants pendant toute la durée des travaux. Les premiers travaux "
       "commenceront au printemps sur l'avenue qui mène à la vieille ville. Le projet coûtera "
       "environ soixante millions d'euros, financés surtout par un fonds national. Les "
       "associations de cyclistes ont salué la décision du conseil municipal. La vitesse sera "
       "aussi limitée à trente kilomètres par heure près des écoles."},
      {"es", "El ayuntamiento aprueba nuevos carriles para bicicletas",
       "El ayuntamiento aprobó el martes la construcción de cuarenta kilómetros de carriles "
       "protegidos para bicicletas. El plan conectará la estación central con la universidad, "
       "el hospital y tres grandes barrios residenciales. Los defensores del plan dicen que los "
       "carriles reducirán el tráfico y la contaminación del aire. Los comerciantes temen que "
       "la eliminación de plazas de aparcamiento reduzca sus ventas. El alcalde prometió "
       "compensar a los comerciantes durante las obras. Las primeras obras comenzarán en "
       "primavera en la avenida que lleva al casco antiguo. El proyecto costará unos sesenta "
       "millones de euros, pagados sobre todo por un fondo nacional. Las asociaciones de "
       "ciclistas celebraron la decisión del ayuntamiento. La velocidad también se limitará a "
       "treinta kilómetros por hora cerca de las escuelas."},
      {"pt", "Câmara aprova novas ciclovias",
       "A câmara municipal aprovou na terça-feira a construção de quarenta quilómetros de "
       "ciclovias protegidas. O plano vai ligar a estação central à universidade, ao hospital "
       "e a três grandes bairros residenciais. Os defensores do plano dizem que as ciclovias "
       "vão reduzir o trânsito e a poluição do ar. Os comerciantes receiam que o fim dos "
       "lugares de estacionamento reduza as suas vendas. O presidente da câmara prometeu "
       "compensar os comerciantes durante as obras. As primeiras obras começam na primavera, "
       "na avenida que leva ao centro histórico. O projeto vai custar cerca de sessenta milhões "
       "de euros, pagos sobretudo por um fundo nacional. As associações de ciclistas saudaram a "
       "decisão da câmara municipal. A velocidade também será limitada a trinta quilómetros por "
       "hora perto das escolas."},
      {"ru", "Городской совет одобрил новые велодорожки",
       "Городской совет во вторник проголосовал за строительство сорока километров защищённых "
       "велодорожек. План соединит центральный вокзал с университетом, больницей и тремя "
       "крупными жилыми районами. Сторонники плана говорят, что велодорожки уменьшат пробки и "
       "загрязнение воздуха. Владельцы магазинов опасаются, что исчезновение парковочных мест "
       "снизит их продажи. Мэр пообещал выплатить компенсацию владельцам магазинов на время "
       "строительства. Первые работы начнутся весной на проспекте, ведущем к старому городу. "
       "Проект обойдётся примерно в шестьдесят миллионов евро, большую часть оплатит "
       "национальный фонд. Объединения велосипедистов приветствовали решение городского "
       "совета. Скорость возле школ также ограничат тридцатью километрами в час."},
      {"uk", "Міська рада схвалила нові велодоріжки",
       "Міська рада у вівторок проголосувала за будівництво сорока кілометрів захищених "
       "велодоріжок. План з'єднає центральний вокзал з університетом, лікарнею та трьома "
       "великими житловими районами. Прихильники плану кажуть, що велодоріжки зменшать заторы "
       "та забруднення повітря. Власники крамниць побоюються, що зникнення місць для паркування "
       "зменшить їхні продажі. Мер пообіцяв виплатити компенсацію власникам крамниць на час "
       "будівництва. Перші роботи почнуться навесні на проспекті, що веде до старого міста. "
       "Проєкт коштуватиме приблизно шістдесят мільйонів євро, більшу частину сплатить "
       "національний фонд. Об'єднання велосипедистів привітали рішення міської ради. Швидкість "
       "біля шкіл також обмежать тридцятьма кілометрами на годину."},
      {"zh-Hans", "市议会批准新建自行车道",
       "市议会星期二投票通过了修建四十公里受保护自行车道的计划。该计划将把中央火车站与大学、"
       "医院和三个大型居民区连接起来。支持者表示，自行车道将减少交通拥堵和空气污染。"
       "一些商店老板担心，取消停车位会减少他们的销售额。市长承诺在施工期间向商店老板提供补偿。"
       "第一批自行车道将于明年春天开工，从通往老城区的大街开始。该项目预计耗资约六千万欧元，"
       "大部分资金来自国家清洁交通基金。自行车协会对市议会的决定表示欢迎，但要求公布详细的时间表。"
       "学校附近街道的限速也将降低到每小时三十公里。"},
      {"zh-Hant", "市議會批准新建自行車道",
       "市議會星期二投票通過了修建四十公里受保護自行車道的計劃。該計劃將把中央火車站與大學、"
       "醫院和三個大型居民區連接起來。支持者表示，自行車道將減少交通擁堵和空氣污染。"
       "一些商店老闆擔心，取消停車位會減少他們的銷售額。市長承諾在施工期間向商店老闆提供補償。"
       "第一批自行車道將於明年春天開工，從通往老城區的大街開始。該項目預計耗資約六千萬歐元，"
       "大部分資金來自國家清潔交通基金。自行車協會對市議會的決定表示歡迎，但要求公佈詳細的時間表。"
       "學校附近街道的限速也將降低到每小時三十公里。"},
      {"ja", "市議会が新しい自転車専用レーンを承認",
       "市議会は火曜日、保護された自転車専用レーンを四十キロ建設する計画を可決しました。"
       "計画では中央駅と大学、病院、三つの大きな住宅地区を結びます。"
       "賛成派は、自転車専用レーンが交通渋滞と大気汚染を減らすと述べています。"
       "商店の経営者たちは、駐車場がなくなると売り上げが減ることを心配しています。"
       "市長は工事の期間中、商店の経営者に補償を行うと約束しました。"
       "最初の工事は春に始まり、旧市街へ向かう大通りから着手します。"
       "事業費はおよそ六千万ユーロで、大部分は国の基金でまかなわれます。"
       "自転車の団体は市議会の決定を歓迎しましたが、詳しい日程の公表を求めています。"
       "学校の近くの道路では、制限速度も時速三十キロに引き下げられます。"},
      {"ar", "مجلس المدينة يوافق على مسارات جديدة للدراجات",
       "صوت مجلس المدينة يوم الثلاثاء على بناء أربعين كيلومترا من مسارات الدراجات المحمية. "
       "وستربط الخطة محطة القطارات الرئيسية بالجامعة والمستشفى وثلاثة أحياء سكنية كبيرة. "
       "ويقول المؤيدون إن مسارات الدراجات ستخفف الازدحام وتلوث الهواء في المدينة. "
       "ويخشى أصحاب المتاجر أن يؤدي إلغاء مواقف السيارات إلى تراجع مبيعاتهم. "
       "ووعد رئيس البلدية بتعويض أصحاب المتاجر طوال فترة الأشغال؟ نعم، وأكد ذلك أمام المجلس. "
       "وستبدأ الأشغال الأولى في الربيع على الشارع المؤدي إلى المدينة القديمة. "
       "وستبلغ تكلفة المشروع نحو ستين مليون يورو يدفع معظمها صندوق وطني للنقل النظيف. "
       "ورحبت جمعيات راكبي الدراجات بقرار مجلس المدينة وطالبت بجدول زمني مفصل. "
       "وسيتم أيضا خفض السرعة القصوى قرب المدارس إلى ثلاثين كيلومترا في الساعة."},
      {"vi", "Hội đồng thành phố thông qua làn đường xe đạp mới",
       "Hội đồng thành phố hôm thứ Ba đã bỏ phiếu xây dựng bốn mươi cây số làn đường xe đạp "
       "được bảo vệ. Kế hoạch sẽ nối nhà ga trung tâm với trường đại học, bệnh viện và ba khu "
       "dân cư lớn. Những người ủng hộ cho rằng làn đường xe đạp sẽ giảm ùn tắc và ô nhiễm "
       "không khí. Các chủ cửa hàng lo ngại việc bỏ chỗ đậu xe sẽ làm giảm doanh thu. Thị "
       "trưởng hứa sẽ bồi thường cho các chủ cửa hàng trong thời gian thi công. Công trình đầu "
       "tiên sẽ khởi công vào mùa xuân trên đại lộ dẫn tới khu phố cổ. Dự án sẽ tốn khoảng sáu "
       "mươi triệu euro, phần lớn do quỹ giao thông quốc gia chi trả."},
      {"id", "Dewan kota menyetujui jalur sepeda baru",
       "Dewan kota pada hari Selasa memutuskan untuk membangun empat puluh kilometer jalur "
       "sepeda yang terlindungi. Rencana itu akan menghubungkan stasiun pusat dengan "
       "universitas, rumah sakit, dan tiga kawasan permukiman besar. Para pendukung mengatakan "
       "jalur sepeda akan mengurangi kemacetan dan polusi udara. Para pemilik toko khawatir "
       "hilangnya tempat parkir akan menurunkan penjualan mereka. Wali kota berjanji memberikan "
       "kompensasi kepada pemilik toko selama pembangunan. Pekerjaan pertama akan dimulai pada "
       "musim semi di jalan utama menuju kota tua. Proyek ini akan menelan biaya sekitar enam "
       "puluh juta euro, sebagian besar dibayar oleh dana nasional. Kelompok pesepeda menyambut "
       "baik keputusan dewan kota tersebut."},
  };
  return texts;
}

}  // namespace plaza::summarize::testing
