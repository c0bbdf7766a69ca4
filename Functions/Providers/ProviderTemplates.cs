using System.Text.RegularExpressions;

namespace AuthFunctions.Providers;

/// <summary>
/// The catalog's request templates: <c>{client_id}</c>, <c>{access_token}</c> and <c>{token.&lt;path&gt;}</c> (a field of the
/// token response, e.g. WeChat's openid) and <c>{callback.&lt;name&gt;}</c> (a callback field, e.g. VK ID's device_id). A template naming a field the answer lacks is a bad answer, not an empty value.
/// </summary>
public static partial class ProviderTemplates
{
    public static string Fill(string template, ResolvedProvider provider, string? accessToken, ProfileSources? sources) =>
        Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "client_id" => provider.ClientId,
            "access_token" when accessToken is not null => accessToken,
            var name when name.StartsWith("token.", StringComparison.Ordinal) && sources?.TokenValue(name["token.".Length..]) is { } v => v,
            var name when name.StartsWith("callback.", StringComparison.Ordinal) && sources?.Callback.GetValueOrDefault(name["callback.".Length..]) is { Length: > 0 } v => v,
            _ => throw new Core.ProviderException(Core.AuthErrors.InvalidResponse, $"{provider.Id}: the answer has no {m.Value}"),
        });

    [GeneratedRegex("\\{([a-z_]+(?:\\.[A-Za-z0-9_.]+)?)\\}")]
    private static partial Regex Placeholder();
}
