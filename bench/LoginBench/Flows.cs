using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoginBench;

/// <summary>
/// One full sign-in as a browser (and, for ours, the SPA) makes it. The provider's authorize step is a method call on
/// the loopback provider; every request to an app is real HTTP on loopback. True when the sign-in ended signed in.
/// </summary>
internal static class Flows
{
    public const string SpaUrl = "http://localhost:5173/";
    private const string SpaOrigin = "http://localhost:5173";

    /// <summary>Ours: login → (provider) → callback → POST /session with the SPA's PKCE verifier.</summary>
    public static async Task<bool> OursAsync(HttpClient http, Uri app, LoopbackProvider provider, int user, bool redeem, CancellationToken cancellationToken)
    {
        var verifier = RandomToken();
        var login = new Uri(app, "api/auth/github/login?return_url=" + Uri.EscapeDataString(SpaUrl) + "&code_challenge=" + S256(verifier) + "&code_challenge_method=S256");
        string location, cookie;
        using (var response = await http.GetAsync(login, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is null)
            {
                return false;
            }

            location = response.Headers.Location.ToString();
            cookie = Cookies(response);
        }

        string handoff;
        using (var request = new HttpRequestMessage(HttpMethod.Get, Rebase(app, provider.Approve(location, user))))
        {
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request, cancellationToken);
            var back = response.Headers.Location?.ToString();
            var at = back?.IndexOf("#code=", StringComparison.Ordinal) ?? -1;
            if (response.StatusCode != HttpStatusCode.Redirect || at < 0)
            {
                return false;
            }

            handoff = Uri.UnescapeDataString(back![(at + 6)..]);
        }

        if (!redeem)
        {
            return true;
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app, "api/auth/session")))
        {
            request.Headers.Add("Origin", SpaOrigin);
            request.Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["code"] = handoff, ["code_verifier"] = verifier }), Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK && body.Contains("\"access_token\"", StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Ours in cookie mode (an SPA on the app's own site): login → (provider) → callback, which ends the sign-in with the
    /// HttpOnly session cookie, as the baseline's callback does with its auth cookie.
    /// </summary>
    public static async Task<bool> OursCookieAsync(HttpClient http, Uri app, LoopbackProvider provider, int user, CancellationToken cancellationToken)
    {
        using var callback = await LoginAndCallbackAsync(http, app, "api/auth/github/login?mode=cookie&return_url=" + Uri.EscapeDataString(SpaUrl), provider, user, cancellationToken);
        return callback is { StatusCode: HttpStatusCode.Redirect } && callback.Headers.Location?.ToString() == SpaUrl && SetsCookie(callback, "auth-session=");
    }

    /// <summary>Baseline: login (challenge) → (provider) → callback, which signs in with the auth cookie.</summary>
    public static async Task<bool> BaselineAsync(HttpClient http, Uri app, LoopbackProvider provider, int user, CancellationToken cancellationToken)
    {
        using var callback = await LoginAndCallbackAsync(http, app, "login", provider, user, cancellationToken);
        return callback is { StatusCode: HttpStatusCode.Redirect } && SetsCookie(callback, ".AspNetCore.Cookies");
    }

    /// <summary>The login redirect, the provider's approval, and the callback with the login's cookies; null when the login did not redirect.</summary>
    private static async Task<HttpResponseMessage?> LoginAndCallbackAsync(HttpClient http, Uri app, string login, LoopbackProvider provider, int user, CancellationToken cancellationToken)
    {
        string location, cookie;
        using (var response = await http.GetAsync(new Uri(app, login), cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is null)
            {
                return null;
            }

            location = response.Headers.Location.ToString();
            cookie = Cookies(response);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, Rebase(app, provider.Approve(location, user)));
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request, cancellationToken);
    }

    private static bool SetsCookie(HttpResponseMessage response, string prefix) =>
        response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>No cookie jar (a jar per simulated browser costs the driver more than the apps): name=value pairs by hand.</summary>
    private static string Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? string.Join("; ", values.Select(v => v.Split(';', 2)[0])) : string.Empty;

    /// <summary>The app's public URL is the same for every subject; the request goes to where the subject listens.</summary>
    private static Uri Rebase(Uri app, string publicUrl) => new(app, new Uri(publicUrl).PathAndQuery);

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string S256(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
