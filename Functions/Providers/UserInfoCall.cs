using System.Net.Http.Headers;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;

namespace AuthFunctions.Providers;

/// <summary>The profile call and the address lookup, in the shape the catalog gives: where the token goes, extra query, headers.</summary>
internal static class UserInfoCall
{
    public static HttpRequestMessage Build(ResolvedProvider provider, string endpoint, string accessToken, ProfileSources sources, IEnumerable<IProviderQuirk> quirks)
    {
        var shape = provider.UserInfo;
        var query = shape.Query.Select(kv => KeyValuePair.Create(kv.Key, ProviderTemplates.Fill(kv.Value, provider, accessToken, sources))).ToList();
        var form = shape.Form.Select(kv => KeyValuePair.Create(kv.Key, ProviderTemplates.Fill(kv.Value, provider, accessToken, sources))).ToList();
        var request = Authorized(provider, shape.Method, endpoint, accessToken, query, form);
        foreach (var quirk in quirks)
        {
            quirk.UserInfoRequest(provider, request);
        }

        return request;
    }

    /// <summary>The profile object at <c>userInfo.root</c>; the document stays with the caller, who disposes it.</summary>
    public static JsonElement Read(ResolvedProvider provider, JsonDocument answer)
    {
        ErrorRules.Check(provider.UserInfo.Errors, answer.RootElement, $"{provider.Id} userinfo");
        return ProviderJson.Select(answer.RootElement, provider.UserInfo.Root) is { ValueKind: JsonValueKind.Object } profile
            ? profile
            : throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} userinfo: not an object");
    }

    /// <summary>A GET to another of the provider's API URLs (the address lookup, GitHub's /user/orgs), authorized as userinfo is.</summary>
    public static HttpRequestMessage BuildGet(ResolvedProvider provider, string url, string accessToken) =>
        Authorized(provider, "GET", url, accessToken, [], []);

    /// <summary>The address the lookup selects, and whether it is verified; null when none qualifies.</summary>
    public static (string Email, bool Verified)? ReadEmails(EmailLookup lookup, JsonElement answer)
    {
        if (ProviderJson.Select(answer, lookup.List) is not { ValueKind: JsonValueKind.Array } list)
        {
            return null;
        }

        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && lookup.Select.All(field => ProviderJson.Select(entry, field) is { ValueKind: JsonValueKind.True })
                && ProviderJson.TextAt(entry, lookup.Value) is { } email)
            {
                var verified = lookup.VerifiedWhen is { } field
                    ? ProviderJson.Select(entry, field) is { ValueKind: JsonValueKind.True }
                    : lookup.Select.Contains("verified", StringComparer.Ordinal);
                return (email, verified);
            }
        }

        return null;
    }

    /// <summary>A POST without fields has no body at all (Dropbox refuses a form content type on its RPC endpoints).</summary>
    private static HttpRequestMessage Authorized(
        ResolvedProvider provider, string method, string endpoint, string accessToken, List<KeyValuePair<string, string>> query, List<KeyValuePair<string, string>> form)
    {
        var token = provider.UserInfo.Token;
        var separator = token.IndexOf(':', StringComparison.Ordinal);
        var (where, name) = separator < 0 ? (token, "") : (token[..separator], token[(separator + 1)..]);
        switch (where)
        {
            case "query":
                query.Insert(0, new(name, accessToken));
                break;
            case "form":
                form.Insert(0, new(name, accessToken));
                break;
        }

        var request = new HttpRequestMessage(method == "POST" ? HttpMethod.Post : HttpMethod.Get, query.Count > 0 ? ProviderClient.AppendQuery(endpoint, query) : endpoint);
        if (form.Count > 0)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        switch (where)
        {
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                break;
            case "header":
                request.Headers.TryAddWithoutValidation(name, accessToken);
                break;
        }

        var accept = false;
        foreach (var (header, value) in provider.UserInfo.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, ProviderTemplates.Fill(value, provider, accessToken, null));
            accept |= string.Equals(header, "Accept", StringComparison.OrdinalIgnoreCase);
        }

        if (!accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return request;
    }
}
