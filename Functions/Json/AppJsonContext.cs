using System.Text.Json.Serialization;
using AuthFunctions.Flow;
using AuthFunctions.Providers;

namespace AuthFunctions.Json;

/// <summary>Source-generated serialization for every type the app reads or writes (trimming and Native AOT need it).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProviderCatalogFile))]
[JsonSerializable(typeof(LoginState))]
[JsonSerializable(typeof(Handoff))]
[JsonSerializable(typeof(NormalizedUser))]
[JsonSerializable(typeof(OidcMetadata))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(ProviderInfo[]))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(JwksDto))]
[JsonSerializable(typeof(DevCode))]
[JsonSerializable(typeof(LogoutState))]
[JsonSerializable(typeof(AuthFunctions.Sessions.RefreshRecord))]
[JsonSerializable(typeof(AuthFunctions.Sessions.RefreshFamily))]
[JsonSerializable(typeof(RefreshRequest))]
internal sealed partial class AppJsonContext : JsonSerializerContext;

/// <summary>PascalCase as the Functions host's invocation protocol expects.</summary>
[JsonSerializable(typeof(InvocationResponse))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
