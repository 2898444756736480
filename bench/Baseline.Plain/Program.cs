// B0: the framework's floor — a minimal app answering GET /plaintext, same runtime and settings as the product.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/plaintext", () => Results.Text("Hello, World!"));
await app.RunAsync();
