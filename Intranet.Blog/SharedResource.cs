namespace Intranet.Blog;

/// Marker for the one shared string table (Resources/SharedResource.de.resx, .en.resx). Keys are the English text.
public sealed class SharedResource;
