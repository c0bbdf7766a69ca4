using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Worker;

/// <summary>
/// Two hosts, one behaviour: the same requests through the worker under the protocol test host and through the
/// standalone Kestrel host give the same status, headers (less Date), cookies and body. Random values (state,
/// binding cookies, challenges) are masked; everything else must match byte for byte.
/// </summary>
public sealed partial class HostParityTests(HostParityTests.BothHosts hosts) : IClassFixture<HostParityTests.BothHosts>
{
    private static readonly string Challenge = new('c', 43);

    public static TheoryData<string, string, string?, string?> Requests() => new()
    {
        { "GET", "/api/auth/providers", null, null },
        { "GET", "/api/auth/providers", "Origin: http://localhost:5173", null },
        { "OPTIONS", "/api/auth/session", "Origin: http://localhost:5173\nAccess-Control-Request-Method: POST\nAccess-Control-Request-Headers: content-type", null },
        { "OPTIONS", "/api/auth/me", "Origin: https://evil.example\nAccess-Control-Request-Method: GET", null },
        { "GET", "/api/auth/me", null, null },
        { "GET", "/api/auth/me", "Authorization: Bearer not.a.jwt", null },
        { "POST", "/api/auth/session", "Content-Type: application/json", "{not json" },
        { "POST", "/api/auth/session", "Content-Type: text/plain", "hello" },
        { "POST", "/api/auth/session", "Content-Type: application/json", "{\"code\":\"" + new string('x', 43) + "\"}" },
        { "POST", "/api/auth/refresh", null, null },
        { "POST", "/api/auth/logout", "Content-Type: application/json", "{}" },
        { "PUT", "/api/auth/session", null, null },
        { "GET", "/api/auth/dev/login?return_url=http%3A%2F%2Flocalhost%3A5173%2F&code_challenge=" + Challenge + "&code_challenge_method=S256", null, null },
        { "GET", "/api/auth/dev/login?return_url=https%3A%2F%2Fevil.example%2F", null, null },
        { "GET", "/api/auth/dev/login?return_url=a&return_url=b", null, null },
        // The host dedupes trigger-metadata keys that differ only in case (the worker would throw); the app sees both.
        { "GET", "/api/auth/dev/login?return_url=a&RETURN_URL=b", null, null },
        { "GET", "/api/auth/dev/callback?code=abc", null, null },
        { "GET", "/api/auth/dev/callback?code=abc&state=" + new string('A', 43), "Accept: text/html", null },
        { "POST", "/api/auth/dev/callback", "Content-Type: text/plain", "x" },
        { "GET", "/api/auth/dev/nosuchaction", null, null },
        { "DELETE", "/api/auth/dev/login", null, null },
        { "GET", "/api/auth/github/login", null, null },
        { "GET", "/api/auth/custom/acme/login", null, null },
        { "GET", "/api/auth/nosuchprovider/login", null, null },
        { "GET", "/api/auth/jwks", null, null },
        { "GET", "/api/auth/client.js", null, null },
        { "GET", "/api/auth/dev/demo", null, null },
        { "GET", "/api/nothing/here", null, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_gets_the_same_answer_from_both_hosts(string method, string path, string? headers, string? body)
    {
        var fromWorker = await SendAsync(hosts.Worker.Browser, method, path, headers, body);
        var fromLocal = await SendAsync(hosts.Local.Browser, method, path, headers, body);

        fromWorker.ShouldBe(fromLocal);
    }

    private static async Task<string> SendAsync(HttpClient client, string method, string path, string? headers, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = null;
        }

        foreach (var line in (headers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            if (name == "Content-Type")
            {
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await client.SendAsync(request);
        var all = response.Headers.Concat(response.Content.Headers)
            // Date differs by the clock; framing by how each server sends the body; Server is the host's own header.
            .Where(h => h.Key is not ("Date" or "Content-Length" or "Transfer-Encoding" or "Server"))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(", ", h.Value)}");
        var text = $"{(int)response.StatusCode}\n{string.Join("\n", all)}\n\n{await response.Content.ReadAsStringAsync()}";
        // Random values differ by design; base URLs differ by port.
        return RandomToken().Replace(text, "<random>")
            .Replace(client.BaseAddress!.ToString().TrimEnd('/'), "<app>", StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9a-f]{64}|[A-Za-z0-9_-]{43}")]
    private static partial Regex RandomToken();

    /// <summary>The worker and the standalone host, started once with the same settings.</summary>
    public sealed class BothHosts : IAsyncLifetime
    {
        public WorkerApp Worker { get; private set; } = null!;

        public TestApp Local { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            // A fixed key: the JWKS must be the same document in both.
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var settings = new Dictionary<string, string?> { ["OAuth:SigningKey"] = key.ExportPkcs8PrivateKeyPem() };
            Worker = await WorkerApp.StartAsync(settings);
            Local = await TestApp.StartAsync(settings);
        }

        public async ValueTask DisposeAsync()
        {
            await Local.DisposeAsync();
            await Worker.DisposeAsync();
        }
    }
}
