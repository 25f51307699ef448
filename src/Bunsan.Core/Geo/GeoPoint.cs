namespace Bunsan.Core.Geo;

/// <summary>A WGS84 position: latitude and longitude in decimal degrees, altitude in metres.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude, double AltitudeM = 0)
{
    /// <summary>Mean Earth radius (IUGG), the usual choice for haversine distances.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Validates coordinates; on failure <paramref name="error"/> names the bad field and its valid range.</summary>
    public static bool TryCreate(double latitude, double longitude, double altitudeM, out GeoPoint point, out string? error)
    {
        point = default;
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            error = $"latitude {latitude} is out of range: use a number from -90 to 90";
            return false;
        }
        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            error = $"longitude {longitude} is out of range: use a number from -180 to 180";
            return false;
        }
        if (!double.IsFinite(altitudeM))
        {
            error = $"altitude {altitudeM} is not a finite number of metres";
            return false;
        }
        point = new GeoPoint(latitude, longitude, altitudeM);
        error = null;
        return true;
    }

    /// <summary>Great-circle (haversine) distance in kilometres; altitude is ignored.</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        const double toRad = Math.PI / 180;
        double dLat = (other.Latitude - Latitude) * toRad;
        double dLon = (other.Longitude - Longitude) * toRad;
        double sinLat = Math.Sin(dLat / 2);
        double sinLon = Math.Sin(dLon / 2);
        double h = (sinLat * sinLat) + (Math.Cos(Latitude * toRad) * Math.Cos(other.Latitude * toRad) * sinLon * sinLon);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Parses "lat,lon" or "lat,lon,alt" (invariant culture).</summary>
    public static bool TryParse(string? text, out GeoPoint point, out string? error)
    {
        point = default;
        string[] parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3)
        {
            error = $"'{text}' is not a position: write LAT,LON or LAT,LON,ALT_M, e.g. 35.68,139.76";
            return false;
        }
        var values = new double[3];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
            {
                error = $"'{parts[i]}' in '{text}' is not a number: write LAT,LON or LAT,LON,ALT_M, e.g. 35.68,139.76";
                return false;
            }
        }
        return TryCreate(values[0], values[1], values[2], out point, out error);
    }

    public override string ToString() =>
        FormattableString.Invariant($"{Latitude:0.######},{Longitude:0.######}") +
        (AltitudeM == 0 ? "" : FormattableString.Invariant($",{AltitudeM:0.##}"));
}
