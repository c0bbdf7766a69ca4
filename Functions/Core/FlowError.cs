namespace AuthFunctions.Core;

/// <summary>A refusal the endpoint turns into problem+json (or a page): HTTP status, stable code, safe detail.</summary>
public sealed record FlowError(int Status, string Code, string Detail);
