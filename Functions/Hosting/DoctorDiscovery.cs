using System.Net;
using System.Text.Json;
using AuthFunctions.Providers;

namespace AuthFunctions.Hosting;

/// <summary>What an OIDC discovery document says, as plain strings, for the doctor to compare and show.</summary>
internal sealed record DiscoveryDocument(string Url, string? Issuer, IReadOnlyList<(string Name, string? Url)> Endpoints);

/// <summary>
/// One plain GET of <c>issuer/.well-known/openid-configuration</c> through the app's own provider client (its time-outs,
/// size limit and no redirects), turned into a verdict a person can act on.
/// </summary>
internal sealed class DoctorDiscovery(IHttpClientFactory httpClientFactory, TimeProvider time)
{
    /// <summary>The document's endpoints the app uses, by their member names; all but userinfo are required (OIDC Discovery §3).</summary>
    private static readonly (string Member, bool Required)[] EndpointMembers =
    [
        ("authorization_endpoint", true),
        ("token_endpoint", true),
        ("userinfo_endpoint", false),
        ("jwks_uri", true),
    ];

    public static bool IsRequired(string member) => EndpointMembers.Any(e => e.Member == member && e.Required);

    public async Task<(DiscoveryDocument? Document, DoctorCheck Check)> FetchAsync(string issuer, CancellationToken cancellationToken)
    {
        const string name = "discovery";
        var url = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        var started = time.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await httpClientFactory.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                return (null, DoctorCheck.Fail(name, $"{url} answered HTTP {status}, a redirect to {response.Headers.Location}; the app does not follow redirects: configure the issuer it names"));
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, DoctorCheck.Fail(name, $"{url} answered HTTP {status}"));
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            using var doc = Parse(body);
            if (doc?.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, DoctorCheck.Fail(name, $"{url} answered HTTP 200, but not with a JSON object"));
            }

            var root = doc.RootElement;
            var document = new DiscoveryDocument(url, Text(root, "issuer"), [.. EndpointMembers.Select(e => (e.Member, Text(root, e.Member)))]);
            return (document, DoctorCheck.Ok(name, $"{url} answered in {elapsed.TotalMilliseconds:0} ms"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, DoctorCheck.Fail(name, $"{url}: no answer within the doctor's time limit"));
        }
        catch (TaskCanceledException)
        {
            return (null, DoctorCheck.Fail(name, $"{url}: no answer within {ProviderHttp.Timeout.TotalSeconds:0} s (the app's time-out)"));
        }
        catch (HttpRequestException e)
        {
            return (null, DoctorCheck.Fail(name, $"{url}: no answer ({OneLine(e.Message)})"));
        }
    }

    private static JsonDocument? Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string member) =>
        root.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
