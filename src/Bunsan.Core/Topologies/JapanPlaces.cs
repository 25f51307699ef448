namespace Bunsan.Core.Topologies;

/// <summary>A prefecture: its capital's position (the prefectural office), classical region, size and population.</summary>
internal sealed record Prefecture(string Name, string CapitalSlug, string CapitalName, double Latitude, double Longitude, string Region, int PopulationThousands, int AreaKm2);

/// <summary>A city other than a prefectural capital, used to spread synthetic sites over the land area.</summary>
internal sealed record City(string Slug, string Name, int PrefectureIndex, double Latitude, double Longitude, int PopulationThousands);

/// <summary>
/// Places in Japan, hard-coded as numbers so the synthetic generator needs no files.
/// Coordinates: Code for Fukui's localgovjp (CC0; prefjp-utf8.csv for capitals, localgovjp-utf8.csv for cities).
/// Populations (2020 census) and areas are approximate, rounded; they only weight where synthetic sites fall.
/// Regions are the classical eight, with Okinawa split from Kyushu because its grid is isolated.
/// </summary>
internal static class JapanPlaces
{
    public static readonly Prefecture[] Prefectures =
    [
        new("Hokkaido", "sapporo", "Sapporo", 43.063968, 141.347899, "hokkaido", 5225, 83424),
        new("Aomori", "aomori", "Aomori", 40.824623, 140.740593, "tohoku", 1238, 9646),
        new("Iwate", "morioka", "Morioka", 39.703531, 141.152667, "tohoku", 1211, 15275),
        new("Miyagi", "sendai", "Sendai", 38.268839, 140.872103, "tohoku", 2302, 7282),
        new("Akita", "akita", "Akita", 39.718600, 140.102334, "tohoku", 960, 11638),
        new("Yamagata", "yamagata", "Yamagata", 38.240437, 140.363634, "tohoku", 1068, 9323),
        new("Fukushima", "fukushima", "Fukushima", 37.750299, 140.467521, "tohoku", 1833, 13784),
        new("Ibaraki", "mito", "Mito", 36.341813, 140.446793, "kanto", 2867, 6097),
        new("Tochigi", "utsunomiya", "Utsunomiya", 36.565725, 139.883565, "kanto", 1933, 6408),
        new("Gunma", "maebashi", "Maebashi", 36.391208, 139.060156, "kanto", 1939, 6362),
        new("Saitama", "saitama", "Saitama", 35.857428, 139.648933, "kanto", 7345, 3798),
        new("Chiba", "chiba", "Chiba", 35.605058, 140.123308, "kanto", 6284, 5157),
        new("Tokyo", "tokyo", "Tokyo (Shinjuku)", 35.689521, 139.691704, "kanto", 14048, 2194),
        new("Kanagawa", "yokohama", "Yokohama", 35.447753, 139.642514, "kanto", 9237, 2416),
        new("Niigata", "niigata", "Niigata", 37.902418, 139.023221, "chubu", 2201, 12584),
        new("Toyama", "toyama", "Toyama", 36.695290, 137.211338, "chubu", 1035, 4248),
        new("Ishikawa", "kanazawa", "Kanazawa", 36.594682, 136.625573, "chubu", 1133, 4186),
        new("Fukui", "fukui", "Fukui", 36.065219, 136.221642, "chubu", 767, 4191),
        new("Yamanashi", "kofu", "Kofu", 35.664158, 138.568449, "chubu", 810, 4465),
        new("Nagano", "nagano", "Nagano", 36.651289, 138.181224, "chubu", 2048, 13562),
        new("Gifu", "gifu", "Gifu", 35.391227, 136.722291, "chubu", 1979, 10621),
        new("Shizuoka", "shizuoka", "Shizuoka", 34.976978, 138.383054, "chubu", 3633, 7777),
        new("Aichi", "nagoya", "Nagoya", 35.180188, 136.906565, "chubu", 7542, 5173),
        new("Mie", "tsu", "Tsu", 34.730283, 136.508591, "kansai", 1770, 5774),
        new("Shiga", "otsu", "Otsu", 35.004531, 135.868590, "kansai", 1414, 4017),
        new("Kyoto", "kyoto", "Kyoto", 35.021004, 135.755608, "kansai", 2578, 4612),
        new("Osaka", "osaka", "Osaka", 34.686316, 135.519711, "kansai", 8838, 1905),
        new("Hyogo", "kobe", "Kobe", 34.691279, 135.183025, "kansai", 5465, 8401),
        new("Nara", "nara", "Nara", 34.685333, 135.832744, "kansai", 1324, 3691),
        new("Wakayama", "wakayama", "Wakayama", 34.226034, 135.167506, "kansai", 923, 4725),
        new("Tottori", "tottori", "Tottori", 35.503869, 134.237672, "chugoku", 553, 3507),
        new("Shimane", "matsue", "Matsue", 35.472297, 133.050499, "chugoku", 671, 6708),
        new("Okayama", "okayama", "Okayama", 34.661772, 133.934675, "chugoku", 1888, 7114),
        new("Hiroshima", "hiroshima", "Hiroshima", 34.396560, 132.459622, "chugoku", 2800, 8480),
        new("Yamaguchi", "yamaguchi", "Yamaguchi", 34.186121, 131.470500, "chugoku", 1342, 6113),
        new("Tokushima", "tokushima", "Tokushima", 34.065770, 134.559303, "shikoku", 720, 4147),
        new("Kagawa", "takamatsu", "Takamatsu", 34.340149, 134.043444, "shikoku", 950, 1877),
        new("Ehime", "matsuyama", "Matsuyama", 33.841660, 132.765362, "shikoku", 1335, 5676),
        new("Kochi", "kochi", "Kochi", 33.559705, 133.531080, "shikoku", 692, 7104),
        new("Fukuoka", "fukuoka", "Fukuoka", 33.606785, 130.418314, "kyushu", 5135, 4987),
        new("Saga", "saga", "Saga", 33.249367, 130.298822, "kyushu", 811, 2441),
        new("Nagasaki", "nagasaki", "Nagasaki", 32.744839, 129.873756, "kyushu", 1312, 4131),
        new("Kumamoto", "kumamoto", "Kumamoto", 32.789828, 130.741667, "kyushu", 1738, 7409),
        new("Oita", "oita", "Oita", 33.238194, 131.612591, "kyushu", 1124, 6341),
        new("Miyazaki", "miyazaki", "Miyazaki", 31.911090, 131.423855, "kyushu", 1070, 7735),
        new("Kagoshima", "kagoshima", "Kagoshima", 31.560148, 130.557981, "kyushu", 1588, 9187),
        new("Okinawa", "naha", "Naha", 26.212401, 127.680932, "okinawa", 1467, 2282),
    ];

    /// <summary>Other cities, chosen to cover the land area (Hokkaido's far corners, outlying islands) and the large non-capital cities.</summary>
    public static readonly City[] Cities =
    [
        new("asahikawa", "Asahikawa", 0, 43.770833, 142.365000, 330),
        new("hakodate", "Hakodate", 0, 41.768641, 140.729068, 250),
        new("kushiro", "Kushiro", 0, 42.984923, 144.381710, 165),
        new("obihiro", "Obihiro", 0, 42.924055, 143.196206, 165),
        new("kitami", "Kitami", 0, 43.803927, 143.895788, 115),
        new("wakkanai", "Wakkanai", 0, 45.415637, 141.673068, 33),
        new("tomakomai", "Tomakomai", 0, 42.634167, 141.605556, 170),
        new("hachinohe", "Hachinohe", 1, 40.512222, 141.488333, 225),
        new("hirosaki", "Hirosaki", 1, 40.603056, 140.464167, 168),
        new("miyako", "Miyako", 2, 39.639554, 141.946115, 50),
        new("ishinomaki", "Ishinomaki", 3, 38.434167, 141.302778, 140),
        new("odate", "Odate", 4, 40.271667, 140.564722, 70),
        new("sakata", "Sakata", 5, 38.914444, 139.836389, 100),
        new("koriyama", "Koriyama", 6, 37.400556, 140.359722, 325),
        new("iwaki", "Iwaki", 6, 37.050556, 140.887778, 330),
        new("tsukuba", "Tsukuba", 7, 36.083611, 140.076389, 240),
        new("takasaki", "Takasaki", 9, 36.321944, 139.003611, 370),
        new("funabashi", "Funabashi", 11, 35.694722, 139.982500, 640),
        new("hachioji", "Hachioji", 12, 35.666667, 139.315833, 580),
        new("kawasaki", "Kawasaki", 13, 35.530833, 139.703056, 1540),
        new("sagamihara", "Sagamihara", 13, 35.571389, 139.373333, 720),
        new("nagaoka", "Nagaoka", 14, 37.446587, 138.851224, 265),
        new("joetsu", "Joetsu", 14, 37.148056, 138.236111, 190),
        new("matsumoto", "Matsumoto", 19, 36.238056, 137.971944, 240),
        new("hamamatsu", "Hamamatsu", 21, 34.710833, 137.726667, 790),
        new("numazu", "Numazu", 21, 35.095556, 138.863611, 190),
        new("toyota", "Toyota", 22, 35.083333, 137.156389, 420),
        new("toyohashi", "Toyohashi", 22, 34.769167, 137.391389, 370),
        new("yokkaichi", "Yokkaichi", 23, 34.965000, 136.624444, 310),
        new("fukuchiyama", "Fukuchiyama", 25, 35.296667, 135.126389, 77),
        new("sakai", "Sakai", 26, 34.573333, 135.483056, 830),
        new("himeji", "Himeji", 27, 34.815278, 134.685556, 530),
        new("tanabe", "Tanabe", 29, 33.728056, 135.377778, 70),
        new("yonago", "Yonago", 30, 35.428056, 133.331111, 147),
        new("izumo", "Izumo", 31, 35.366944, 132.754722, 172),
        new("kurashiki", "Kurashiki", 32, 34.585000, 133.771944, 475),
        new("fukuyama", "Fukuyama", 33, 34.485833, 133.362500, 460),
        new("shimonoseki", "Shimonoseki", 34, 33.957778, 130.941389, 255),
        new("anan", "Anan", 35, 33.921667, 134.659444, 70),
        new("imabari", "Imabari", 37, 34.066111, 132.997778, 158),
        new("uwajima", "Uwajima", 37, 33.223333, 132.560556, 72),
        new("shimanto", "Shimanto", 38, 32.991389, 132.933889, 33),
        new("kitakyushu", "Kitakyushu", 39, 33.883333, 130.875278, 940),
        new("kurume", "Kurume", 39, 33.319444, 130.508333, 305),
        new("sasebo", "Sasebo", 41, 33.180000, 129.715556, 245),
        new("yatsushiro", "Yatsushiro", 42, 32.507500, 130.601944, 127),
        new("nobeoka", "Nobeoka", 44, 32.582222, 131.665000, 120),
        new("miyakonojo", "Miyakonojo", 44, 31.719722, 131.061667, 160),
        new("amami", "Amami", 45, 28.377222, 129.493889, 43),
        new("nago", "Nago", 46, 26.591667, 127.977500, 63),
        new("ishigaki", "Ishigaki", 46, 24.344419, 124.185246, 49),
    ];

    /// <summary>
    /// Grid carbon intensity by region, g CO2/kWh: approximate round figures of the order published in
    /// Japan's utilities' / Ministry of the Environment emission-factor lists, not authoritative values.
    /// </summary>
    public static double GridCarbonGramsPerKWh(string region) => region switch
    {
        "hokkaido" => 550,
        "tohoku" => 480,
        "kanto" => 450,
        "chubu" => 420,
        "kansai" => 350,
        "chugoku" => 550,
        "shikoku" => 500,
        "kyushu" => 350,
        "okinawa" => 700,
        _ => 450,
    };
}
