-- Images of Markdown cells (and of HTML <img>) for the handout: found, copied, shown.
--
-- An image is looked up as JupyterLab finds it: a `data:` URI (a pasted image, a cell
-- attachment, which markdown_cells.py has turned into one) or a path relative to the
-- notebook's folder (pandoc's --resource-path). Its bytes are written, named by their
-- SHA-1, to the folder in $HANDOUT_MEDIA (the build's scratch folder `media/`, beside
-- the Typst source) and shown with the template's `md-image`, at its own size but never
-- wider than the text, with its Markdown alt text (or file name) as text alternative.
-- An image that cannot be found or shown stops the build by name (the caller's `fail`).

local M = {}

local EXTENSIONS = {
  ["image/png"] = "png", ["image/jpeg"] = "jpg", ["image/gif"] = "gif",
  ["image/svg+xml"] = "svg", ["image/webp"] = "webp",
}
local BY_SUFFIX = { png = "image/png", jpg = "image/jpeg", jpeg = "image/jpeg", gif = "image/gif",
  svg = "image/svg+xml", webp = "image/webp" }

local function url_decode(text)
  return (text:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

local function describe(src)
  if src:match("^data:") then return "a pasted image (cell attachment)" end
  return "the image " .. src
end

-- Write a file whole or not at all (two builds may write the same image at once); a file
-- of that name already holds these bytes, its name being their hash.
local function write(path, contents)
  local existing = io.open(path, "rb")
  if existing then
    existing:close()
    return true
  end
  local partial = path .. "." .. pandoc.utils.sha1(tostring({}) .. os.clock()):sub(1, 8) .. ".part"
  local file = io.open(partial, "wb")
  if not file then return false end
  file:write(contents)
  file:close()
  return os.rename(partial, path) ~= nil
end

--- Read an image's bytes and MIME type, or call fail.
local function fetch(src, fail)
  if src == "" then fail("an image has no source") end
  if src:match("^%a[%w+.-]*://") or src:match("^//") then
    fail("the image " .. src .. " is on the web and is not downloaded for a handout; "
      .. "save it beside the notebook and refer to the file")
  end
  local path = src
  if not src:match("^data:") then
    path = url_decode((src:gsub("[?#].*$", "")))
  end
  local ok, mime, contents = pcall(pandoc.mediabag.fetch, path)
  if not ok or contents == nil then
    fail(describe(src) .. " was not found (images are looked up beside the notebook)")
  end
  if (mime == nil or EXTENSIONS[mime] == nil) and not src:match("^data:") then
    mime = BY_SUFFIX[(path:match("%.(%w+)$") or ""):lower()] or mime
  end
  mime = mime and mime:gsub(";.*$", "") or "unknown"
  if EXTENSIONS[mime] == nil then
    fail(describe(src) .. " is " .. mime .. ", which a handout cannot show; "
      .. "save it as PNG, JPEG, GIF or SVG")
  end
  return mime, contents
end

--- The Typst markup (a RawInline) that shows `image`, its file written to $HANDOUT_MEDIA.
function M.image(image, fail, typst_string, length)
  local mime, contents = fetch(image.src, fail)
  local folder = os.getenv("HANDOUT_MEDIA")
  local name = pandoc.utils.sha1(contents):sub(1, 20) .. "." .. EXTENSIONS[mime]
  pandoc.system.make_directory(folder, true)
  if not write(pandoc.path.join({ folder, name }), contents) then
    fail(describe(image.src) .. " could not be written to " .. folder)
  end
  local alt = pandoc.utils.stringify(image.caption)
  if alt == "" then alt = image.title end
  if alt == "" then
    alt = image.src:match("^data:") and "pasted image" or ("image " .. image.src)
  end
  local args = { typst_string("media/" .. name), "alt: " .. typst_string(alt) }
  local width, height = length(image.attributes.width), length(image.attributes.height)
  if width then table.insert(args, "width: " .. width) end
  if height then table.insert(args, "height: " .. height) end
  return pandoc.RawInline("typst", "#md-image(" .. table.concat(args, ", ") .. ")")
end

return M
