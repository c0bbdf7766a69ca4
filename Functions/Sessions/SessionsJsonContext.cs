using System.Text.Json.Serialization;

namespace AuthFunctions.Sessions;

/// <summary>Source-generated JSON for the rows the session layer stores.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Handoff))]
[JsonSerializable(typeof(RefreshRecord))]
[JsonSerializable(typeof(RefreshFamily))]
[JsonSerializable(typeof(UserRecord))]
internal sealed partial class SessionsJsonContext : JsonSerializerContext;
