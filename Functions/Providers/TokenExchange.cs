using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;

namespace AuthFunctions.Providers;

/// <summary>
/// The code exchange (RFC 6749 §4.1.3, §5) in the shape the catalog gives: parameter names, transport, client
/// authentication, answer format, where the tokens are and how errors inside a 200 look.
/// </summary>
internal static class TokenExchange
{
    /// <summary>The request for <paramref name="code"/>; <paramref name="secret"/> is the client secret (or Apple's minted JWT).</summary>
    public static HttpRequestMessage Build(
        ResolvedProvider provider, string endpoint, string code, ProviderRequest login, IReadOnlyDictionary<string, string> callback, string? secret,
        IEnumerable<IProviderQuirk> quirks)
    {
        var shape = provider.Token;
        var fields = new List<KeyValuePair<string, string>>();
        Add("grant_type", "authorization_code");
        Add("code", code);
        Add("redirect_uri", login.RedirectUri);
        if (login.CodeVerifier is not null)
        {
            Add("code_verifier", login.CodeVerifier);
        }

        var basic = provider.TokenEndpointAuthMethod == ClientAuthMethods.Basic;
        if (!basic)
        {
            Add("client_id", provider.ClientId);
            if (secret is not null)
            {
                Add("client_secret", secret);
            }
        }

        foreach (var (name, value) in shape.Extra)
        {
            fields.Add(new(name, ProviderTemplates.Fill(value, provider, null, new ProfileSources { Callback = callback })));
        }

        var request = shape.Transport switch
        {
            TokenTransports.Query => new HttpRequestMessage(HttpMethod.Get, ProviderClient.AppendQuery(endpoint, fields)),
            TokenTransports.PostQuery => new HttpRequestMessage(HttpMethod.Post, ProviderClient.AppendQuery(endpoint, fields)),
            TokenTransports.Json => new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonBody(fields) },
            _ => new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) },
        };
        if (basic)
        {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined.
            var pair = Uri.EscapeDataString(provider.ClientId) + ":" + Uri.EscapeDataString(secret ?? "");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        // GitHub answers form-encoded unless asked for JSON; the others answer as they do anyway.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var quirk in quirks)
        {
            quirk.TokenRequest(provider, request);
        }

        return request;

        void Add(string standard, string value) => ParameterNames.Add(fields, shape.Parameters, standard, value);
    }

    /// <summary>Reads an answer that passed the error rules: the object holding the tokens, the access token, and the id_token when there is one.</summary>
    public static TokenResult Read(ResolvedProvider provider, JsonDocument answer)
    {
        var shape = provider.Token;
        if (ProviderJson.Select(answer.RootElement, shape.Root) is not { ValueKind: JsonValueKind.Object } root)
        {
            throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} token: no token object");
        }

        var accessToken = ProviderJson.StringAt(root, Field("access_token"));
        var tokenTypePath = Field("token_type");
        if (string.IsNullOrEmpty(accessToken)
            || (tokenTypePath is not null && !string.Equals(ProviderJson.TextAt(root, tokenTypePath), "bearer", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} token: no bearer access_token");
        }

        var idTokenPath = Field("id_token");
        return new TokenResult(root, accessToken, idTokenPath is null ? null : ProviderJson.StringAt(root, idTokenPath));

        string? Field(string standard) => ParameterNames.For(shape.Fields, standard);
    }

    private static ByteArrayContent JsonBody(List<KeyValuePair<string, string>> fields)
    {
        var content = new ByteArrayContent(ParameterNames.ToJsonObject(fields));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}

/// <summary>A successful code exchange: the token object (for <c>token:</c> paths), the access token and id_token.</summary>
internal sealed record TokenResult(JsonElement Root, string AccessToken, string? IdToken);
