using System.Net.Http.Headers;
using System.Text;
using AuthFunctions.Tests.Hosting;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>
/// Malformed input of any kind (bad forms, multipart, charsets, JSON, oversized bodies, odd headers) sent to every
/// route of every function, through both hosts: never a 5xx, and every answer keeps the auth headers.
/// </summary>
public sealed class BadInputTests(BadInputTests.Hosts hosts) : IClassFixture<BadInputTests.Hosts>
{
    /// <summary>Content type and body of each bad request.</summary>
    private static readonly (string Name, string? ContentType, Func<string> Body)[] Bodies =
    [
        ("1,100 form fields", "application/x-www-form-urlencoded", () => string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1"))),
        ("a 2,100-character form key", "application/x-www-form-urlencoded", () => new string('k', 2100) + "=1"),
        ("multipart without a boundary", "multipart/form-data", () => "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"),
        ("truncated multipart", "multipart/form-data; boundary=x", () => "--x\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\nabc"),
        ("a 200-character boundary", "multipart/form-data; boundary=" + new string('b', 200), () => "--" + new string('b', 200) + "\r\n"),
        ("charset=utf-7", "application/x-www-form-urlencoded; charset=utf-7", () => "state=+AGE-&code=x"),
        ("an unknown charset", "application/x-www-form-urlencoded; charset=klingon", () => "state=a"),
        ("a malformed content type", "application/x-www-form-urlencoded; charset=\"", () => "state=a"),
        ("bad percent-encoding", "application/x-www-form-urlencoded", () => "state=%zz&code=%"),
        ("a 100 KB form", "application/x-www-form-urlencoded", () => "state=" + new string('a', 100 * 1024)),
        ("invalid JSON", "application/json", () => "{\"code\":"),
        ("a JSON array", "application/json", () => "[1,2,3]"),
        ("deeply nested JSON", "application/json", () => new string('[', 5000) + new string(']', 5000)),
        ("JSON of the wrong types", "application/json", () => "{\"code\":{\"a\":1},\"code_verifier\":[true],\"refresh_token\":5}"),
        ("a 100 KB JSON body", "application/json", () => "{\"code\":\"" + new string('a', 100 * 1024) + "\"}"),
        ("JSON in UTF-16", "application/json; charset=utf-16", () => "{\"code\":\"x\"}"),
        ("no content type", null, () => "state=a&code=b"),
    ];

    /// <summary>Headers that are odd but that a client may send.</summary>
    private static readonly (string Name, string Value)[][] HeaderSets =
    [
        [("Cookie", "auth-binding=%zz; auth-session=; ===; __Host-auth-session=" + new string('x', 4000))],
        [("Authorization", "Bearer " + new string('x', 8000))],
        [("Authorization", "Basic !!!")],
        [("Origin", "null"), ("Access-Control-Request-Method", "POST")],
        [("Accept", "text/html;q=abc, */*")],
        [("X-CSRF", "1"), ("Cookie", "auth-session=not-a-token")],
    ];

    public static TheoryData<string> HostNames() => ["standalone", "worker"];

    [Theory]
    [MemberData(nameof(HostNames))]
    public async Task No_route_answers_bad_input_with_a_5xx_and_every_answer_keeps_the_auth_headers(string host)
    {
        var app = hosts.Get(host);
        var failures = new List<string>();
        foreach (var path in Paths())
        {
            foreach (var (name, contentType, body) in Bodies)
            {
                using var content = new StringContent(body(), Encoding.UTF8);
                content.Headers.Remove("Content-Type");
                if (contentType is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }

                await CheckAsync(app, HttpMethod.Post, path, name, content, [], failures);
            }

            foreach (var headers in HeaderSets)
            {
                foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Options })
                {
                    await CheckAsync(app, method, path, string.Join(", ", headers.Select(h => h.Name)), null, headers, failures);
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>A concrete path for every HTTP function, with each action of the provider functions.</summary>
    private static IEnumerable<string> Paths()
    {
        foreach (var f in FunctionsMetadata.Load().Functions.Where(f => f.IsHttp))
        {
            var route = f.Route!.Replace("{provider}", "acme", StringComparison.Ordinal);
            if (!route.Contains("{action}", StringComparison.Ordinal))
            {
                yield return "/api/" + route;
                continue;
            }

            foreach (var action in new[] { "login", "callback", "logout", "authorize", "demo" })
            {
                yield return "/api/" + route.Replace("{action}", action, StringComparison.Ordinal) + "?state=" + new string('A', 43) + "&code=x";
            }
        }
    }

    private static async Task CheckAsync(
        IAppUnderTest app, HttpMethod method, string path, string what, HttpContent? content, (string Name, string Value)[] headers, List<string> failures)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await app.Browser.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            // A reset connection is no answer at all: as bad as a 5xx.
            failures.Add($"{method} {path[..Math.Min(path.Length, 40)]} with {what}: {e.Message}");
            return;
        }

        using var _ = response;
        var where = $"{method} {path[..Math.Min(path.Length, 40)]} with {what}: {(int)response.StatusCode}";
        if ((int)response.StatusCode >= 500)
        {
            failures.Add(where);
        }
        else if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            // A 404 for a path or method no function takes comes from the host, not the app.
            if (!response.Headers.TryGetValues("Referrer-Policy", out var referrer) || !referrer.Contains("no-referrer"))
            {
                failures.Add(where + " without Referrer-Policy");
            }

            if (!path.EndsWith("client.js", StringComparison.Ordinal) && response.Headers.CacheControl?.NoStore != true)
            {
                failures.Add(where + " without Cache-Control: no-store");
            }
        }
    }

    /// <summary>Both hosts, in Development (the dev provider's form is a route too), started once.</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        private TestApp _local = null!;
        private WorkerApp _worker = null!;

        public IAppUnderTest Get(string name) => name == "worker" ? _worker : _local;

        public async ValueTask InitializeAsync()
        {
            var settings = new Dictionary<string, string?>
            {
                ["OAuth:Providers:acme:ClientId"] = "acme",
                ["OAuth:Providers:acme:ClientSecret"] = "acme-secret",
                // Plain OAuth 2.0 endpoints: a login needs no discovery, so a 503 here would be a defect, not an outage.
                ["OAuth:Providers:acme:AuthorizationEndpoint"] = "http://127.0.0.1:9/authorize",
                ["OAuth:Providers:acme:TokenEndpoint"] = "http://127.0.0.1:9/token",
                ["OAuth:Providers:acme:UserInfoEndpoint"] = "http://127.0.0.1:9/userinfo",
            };
            _local = await TestApp.StartAsync(settings);
            _worker = await WorkerApp.StartAsync(settings);
        }

        public async ValueTask DisposeAsync()
        {
            await _worker.DisposeAsync();
            await _local.DisposeAsync();
        }
    }
}
