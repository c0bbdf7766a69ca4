using System.Text.Json.Serialization;
using AuthFunctions.Core;
using AuthFunctions.Sessions;

namespace AuthFunctions.Http;

/// <summary>Source-generated JSON for request and response bodies of the HTTP contract.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProviderInfo[]))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(JwksDto))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(NormalizedUser))]
[JsonSerializable(typeof(AdminSampleResponse))]
[JsonSerializable(typeof(UserPage))]
[JsonSerializable(typeof(UserRecord))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
