using System.Globalization;
using System.Net;
using Npgsql;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// What makes a silo one of several (`bunsan up --cluster`): membership in Redis, grain state in PostgreSQL.
/// Silos with the same Redis and <see cref="ClusterId"/> form one cluster; they must share the PostgreSQL database.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The PostgreSQL database holding every grain's state, as an Npgsql connection string. Required.</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>The Redis server holding the membership table, as HOST:PORT ([IPv6]:PORT for an IPv6 address). Required.</summary>
    public string RedisEndpoint { get; set; } = "";

    /// <summary>Names this cluster in Redis, so several clusters can share one Redis. Default "bunsan". Letters, digits, '-', '_', '.'.</summary>
    public string ClusterId { get; set; } = "bunsan";

    /// <summary>
    /// The address other silos reach this one at; the silo and gateway ports listen on it only. Null (the default)
    /// lets Orleans pick the machine's first non-loopback address. Loopback suits silos on one machine (tests).
    /// </summary>
    public IPAddress? AdvertisedAddress { get; set; }

    /// <summary>Every problem, each naming the option and the fix; empty when valid. Never echoes the connection string (it may hold a password).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PostgresConnectionError(PostgresConnectionString) is { } postgres)
        {
            errors.Add(postgres);
        }
        if (!TryParseRedisEndpoint(RedisEndpoint, out _, out _))
        {
            errors.Add($"RedisEndpoint is '{Printable(RedisEndpoint)}': give the Redis server as HOST:PORT, e.g. redis.internal:6379 or [::1]:6379");
        }
        if (string.IsNullOrEmpty(ClusterId) || ClusterId.Length > 64 || !ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add($"ClusterId is '{Printable(ClusterId)}': use 1 to 64 letters, digits, '-', '_' or '.', e.g. bunsan-prod");
        }
        if (AdvertisedAddress is { } address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)))
        {
            errors.Add($"AdvertisedAddress is {address}: other silos cannot connect to it; give this machine's address that they can reach");
        }
        return errors;
    }

    /// <summary>Splits HOST:PORT; false for anything else, including StackExchange.Redis option syntax (commas, '=').</summary>
    public static bool TryParseRedisEndpoint(string? endpoint, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrEmpty(endpoint) || endpoint.Length > 300)
        {
            return false;
        }
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }
        string name = endpoint[..colon];
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            host = name[1..^1];
            return IPAddress.TryParse(host, out IPAddress? v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        host = name;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }

    private static string? PostgresConnectionError(string connectionString)
    {
        const string Fix = "give an Npgsql connection string, e.g. \"Host=db.internal;Port=5432;Username=bunsan;Database=bunsan\"";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"PostgresConnectionString is empty: {Fix}";
        }
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The parser's message names the key or the position, not the value, so no password leaks through it.
            return $"PostgresConnectionString is not a valid connection string ({e.Message}): {Fix}";
        }
        return string.IsNullOrWhiteSpace(parsed.Host) ? $"PostgresConnectionString names no Host: {Fix}" : null;
    }

    /// <summary>Shows control characters escaped, so a hostile value cannot rewrite the terminal it is reported on.</summary>
    private static string Printable(string? value) =>
        value is null ? "" : string.Concat(value.Take(100).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
