using System.Globalization;
using Bunsan.Core.Geo;

namespace Bunsan.Simulation.Demand;

/// <summary>Loads the embedded municipality list and weights it by prefecture population.</summary>
internal static class JapanMunicipalityData
{
    public const string ResourceName = "Bunsan.Simulation.Demand.Resources.japan-municipalities.csv";

    /// <summary>
    /// Population by prefecture, thousands, 2020 Population Census of Japan (Statistics Bureau, 令和2年国勢調査,
    /// final counts), rounded to the nearest thousand; they sum to 126,146 thousand, the census total.
    /// Hard-coded because localgovjp has no population column.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Census2020Thousands { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Hokkaido"] = 5225, ["Aomori"] = 1238, ["Iwate"] = 1211, ["Miyagi"] = 2302, ["Akita"] = 960,
        ["Yamagata"] = 1068, ["Fukushima"] = 1833, ["Ibaraki"] = 2867, ["Tochigi"] = 1933, ["Gunma"] = 1939,
        ["Saitama"] = 7345, ["Chiba"] = 6284, ["Tokyo"] = 14048, ["Kanagawa"] = 9237, ["Niigata"] = 2201,
        ["Toyama"] = 1035, ["Ishikawa"] = 1133, ["Fukui"] = 767, ["Yamanashi"] = 810, ["Nagano"] = 2048,
        ["Gifu"] = 1979, ["Shizuoka"] = 3633, ["Aichi"] = 7542, ["Mie"] = 1770, ["Shiga"] = 1414,
        ["Kyoto"] = 2578, ["Osaka"] = 8838, ["Hyogo"] = 5465, ["Nara"] = 1324, ["Wakayama"] = 923,
        ["Tottori"] = 553, ["Shimane"] = 671, ["Okayama"] = 1888, ["Hiroshima"] = 2800, ["Yamaguchi"] = 1342,
        ["Tokushima"] = 720, ["Kagawa"] = 950, ["Ehime"] = 1335, ["Kochi"] = 692, ["Fukuoka"] = 5135,
        ["Saga"] = 811, ["Nagasaki"] = 1312, ["Kumamoto"] = 1738, ["Oita"] = 1124, ["Miyazaki"] = 1070,
        ["Kagoshima"] = 1588, ["Okinawa"] = 1467,
    };

    /// <summary>Parses the shipped resource; it is built by the project, so a malformed row is a bug.</summary>
    public static OriginCatalog Load(Func<GeoPoint[], string[], string[], double[], OriginCatalog> create)
    {
        using var stream = typeof(JapanMunicipalityData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        _ = reader.ReadLine();
        var locations = new List<GeoPoint>();
        var names = new List<string>();
        var prefectures = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            // lgcode,prefecture,name,name_romaji,lat,lon: no field holds a comma.
            string[] f = line.Split(',');
            prefectures.Add(f[1]);
            names.Add(f[2]);
            locations.Add(new GeoPoint(double.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture)));
        }
        var perPrefecture = prefectures.CountBy(p => p).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        double[] weights = [.. prefectures.Select(p => Census2020Thousands[p] * 1000.0 / perPrefecture[p])];
        return create([.. locations], [.. names], [.. prefectures], weights);
    }
}
