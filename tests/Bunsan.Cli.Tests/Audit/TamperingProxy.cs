using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>
/// A control plane that lies: it forwards every request to the real one and lets the test rewrite each successful
/// answer (path and query, body → body), as a compromised server or one restored from a tampered backup would.
/// </summary>
internal sealed class TamperingProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream;
    private readonly Func<string, string, string> _rewrite;
    private readonly Task _serving;

    public TamperingProxy(Uri upstream, Func<string, string, string> rewrite)
    {
        _upstream = new HttpClient { BaseAddress = upstream };
        _rewrite = rewrite;
        int port = LoopbackPorts.Free();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, context.Request.Url!.PathAndQuery.TrimStart('/'));
            request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers["Authorization"]);
            using HttpResponseMessage response = await _upstream.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                body = _rewrite(context.Request.Url.PathAndQuery, body);
            }
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    /// <summary>Replaces <paramref name="find"/> inside every entry's bytes of an entries page; other answers pass unchanged.</summary>
    public static Func<string, string, string> AlterEntries(string find, string replace) => (path, body) =>
    {
        if (!path.Contains("/entries", StringComparison.Ordinal))
        {
            return body;
        }
        JsonNode page = JsonNode.Parse(body)!;
        foreach (JsonNode? item in page["entries"]!.AsArray())
        {
            string entry = Encoding.UTF8.GetString(Convert.FromBase64String(item!["entry"]!.GetValue<string>()));
            item["entry"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry.Replace(find, replace, StringComparison.Ordinal)));
        }
        return page.ToJsonString(new JsonSerializerOptions());
    };

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
        _upstream.Dispose();
    }
}
