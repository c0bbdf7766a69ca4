using System.Net;

namespace ColdStart;

/// <summary>The request every subject answers, and the client that sends it.</summary>
internal static class Probe
{
    /// <summary>The app's first request in a sign-in: a dev-provider login with a valid return URL and PKCE challenge.</summary>
    public static readonly string LoginPath =
        "api/auth/dev/login?return_url=http%3A%2F%2Flocalhost%3A7071%2F&code_challenge=" + new string('c', 43) + "&code_challenge_method=S256";

    /// <summary>How long one start may take before the run fails; far above any normal cold start.</summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    /// <summary>No redirects (the 302 is the answer), no cookies, and short time-outs so a refused poll returns at once.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = StartLimit,
    };

    /// <summary>Fails the run unless the answer is the login's redirect.</summary>
    public static void EnsureRedirect(HttpResponseMessage response, string subject, Func<string> output)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{subject}: expected 302, got {(int)response.StatusCode}.\n{output()}");
        }
    }
}
