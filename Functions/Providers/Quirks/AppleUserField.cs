using System.Text.Json;

namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// Quirk apple-user-field: Apple's id_token never carries the user's name. Apple posts it once, on the user's first
/// authorization of the app, as the form field <c>user</c> of the form_post callback: a JSON string
/// <c>{"name":{"firstName":"…","lastName":"…"},"email":"…"}</c>.
/// https://developer.apple.com/documentation/signinwithapplerestapi/request-an-authorization-to-the-sign-in-with-apple-server
/// The field is not signed, so only the display name is taken from it, and only when the id_token has none; the email
/// (which sign-in rules and accounts may rely on) comes from the validated id_token alone.
/// </summary>
public sealed class AppleUserField : IProviderQuirk
{
    /// <summary>The callback field, listed in apple.json's <c>authorize.callbackFields</c>.</summary>
    public const string Field = "user";

    /// <summary>Longer values are not Apple's: ignored unread.</summary>
    public const int MaxLength = 4096;

    private const int MaxNameLength = 512;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 4 };

    public string Name => QuirkNames.AppleUserField;

    public Task<Core.NormalizedUser> ProfileAsync(QuirkCall sign, Core.NormalizedUser user, ProfileSources sources, CancellationToken cancellationToken) =>
        Task.FromResult(user.Name is null ? user with { Name = NameOf(sources.Callback.GetValueOrDefault(Field)) } : user);

    /// <summary>"First Last" from the posted JSON; null when the field is absent, empty, junk or holds no name. Never throws.</summary>
    public static string? NameOf(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxLength)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var full = string.Join(' ', new[] { Part(name, "firstName"), Part(name, "lastName") }.Where(p => p is not null));
            return full.Length == 0 ? null : full.Length > MaxNameLength ? full[..MaxNameLength] : full;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One trimmed part; a part with control characters (line breaks included) is not a name and is dropped.</summary>
    private static string? Part(JsonElement name, string property) =>
        name.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
        && v.GetString()!.Trim() is { Length: > 0 } text && !text.Any(char.IsControl)
            ? text
            : null;
}
