-- Raw HTML, as pandoc leaves it (RawInline/RawBlock "html"), turned into pandoc elements
-- that reach the handout as JupyterLab shows them; what cannot be typeset stops the
-- build by name (the caller's `fail`). Pandoc's HTML reader converts most tags itself;
-- this module handles what it leaves raw (<details>, <summary>, <center>, <font>, ...)
-- and the inline tags that pandoc's Markdown reader keeps raw (text/markdown outputs).
--
-- What happens to a tag:
--   converted   sup sub b strong i em u ins s del strike code tt kbd samp var cite dfn q a
--               mark small big br img input[checkbox] details summary hr
--   unwrapped   span font abbr bdi bdo time label data nobr div center section p ... and
--               any unknown tag (a browser, and JupyterLab's sanitiser, show its text)
--   left out    comments, script, style, template, noscript, head, meta, link, wbr
--                (nothing of them shows in JupyterLab)
--   refused     iframe video audio object embed canvas svg form button select textarea
--               progress meter map frame applet dialog (players, widgets, drawings)

local css = require("handout_css")

local M = {}

local function set(list)
  local s = {}
  for _, k in ipairs(list) do s[k] = true end
  return s
end

local VOID = set({ "br", "wbr", "img", "input", "hr", "area", "base", "col", "embed", "link",
  "meta", "source", "track", "param", "keygen" })
local HIDDEN = set({ "script", "style", "template", "noscript", "head", "title", "meta", "link",
  "base", "wbr", "colgroup", "col", "source", "track", "param" })
local REFUSED = set({ "iframe", "video", "audio", "object", "embed", "canvas", "svg", "form",
  "button", "select", "textarea", "progress", "meter", "map", "area", "frame", "frameset",
  "applet", "dialog", "keygen", "portal" })

-- One tag: {name, closing, selfclose, attrs} or {comment = true}; nil if `text` is not
-- exactly one tag.
local function parse_tag(text)
  local s = text:match("^%s*(.-)%s*$")
  if s:match("^<!%-%-.*%-%->$") or s:match("^<!") or s:match("^<%?") then
    return { comment = true }
  end
  local slash, name, rest = s:match("^<(/?)([%a][%w%-]*)(.-)>$")
  if not name or rest:find("<", 1, true) then return nil end
  local attrs = {}
  for k, v in rest:gmatch('([%w%-:]+)%s*=%s*"([^"]*)"') do attrs[k:lower()] = v end
  for k, v in rest:gmatch("([%w%-:]+)%s*=%s*'([^']*)'") do attrs[k:lower()] = v end
  for k, v in rest:gmatch("([%w%-:]+)%s*=%s*([^%s\"'>=]+)") do
    if attrs[k:lower()] == nil then attrs[k:lower()] = v end
  end
  for k in rest:gmatch("%s([%a][%w%-]*)%f[%s/=\0]") do
    if attrs[k:lower()] == nil then attrs[k:lower()] = "" end
  end
  return { name = name:lower(), closing = slash == "/", selfclose = rest:match("/%s*$") ~= nil,
    attrs = attrs }
end

-- A whole element that shows nothing: <script>...</script>, <style>...</style>, ...
local function hidden_element(text)
  local name = text:match("^%s*<([%a][%w%-]*)")
  return name ~= nil and HIDDEN[name:lower()] == true
    and text:match("</%s*" .. name .. "%s*>%s*$") ~= nil
end

local function is_html(el)
  return el.format == "html" or el.format == "html5" or el.format == "html4"
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("%s+", " ") .. '"'
end

local function wrap_inlines(prefix, content, suffix)
  local out = pandoc.Inlines({ pandoc.RawInline("typst", prefix) })
  out:extend(content)
  out:insert(pandoc.RawInline("typst", suffix))
  return out
end

local function styled(content, attrs)
  local fill = css.colour(attrs.color)
    or css.colour((attrs.style or ""):match("[^%-]color%s*:%s*([^;]+)"))
    or css.colour((attrs.style or ""):match("^color%s*:%s*([^;]+)"))
  if fill then return wrap_inlines("#text(fill: " .. fill .. ")[", content, "]") end
  return pandoc.Inlines({ pandoc.Span(content) })
end

local INLINE = {
  sup = function(c) return pandoc.Superscript(c) end,
  sub = function(c) return pandoc.Subscript(c) end,
  b = function(c) return pandoc.Strong(c) end,
  strong = function(c) return pandoc.Strong(c) end,
  i = function(c) return pandoc.Emph(c) end,
  em = function(c) return pandoc.Emph(c) end,
  cite = function(c) return pandoc.Emph(c) end,
  dfn = function(c) return pandoc.Emph(c) end,
  var = function(c) return pandoc.Emph(c) end,
  u = function(c) return pandoc.Underline(c) end,
  ins = function(c) return pandoc.Underline(c) end,
  s = function(c) return pandoc.Strikeout(c) end,
  del = function(c) return pandoc.Strikeout(c) end,
  strike = function(c) return pandoc.Strikeout(c) end,
  code = function(c) return pandoc.Code(pandoc.utils.stringify(c)) end,
  tt = function(c) return pandoc.Code(pandoc.utils.stringify(c)) end,
  kbd = function(c) return pandoc.Code(pandoc.utils.stringify(c)) end,
  samp = function(c) return pandoc.Code(pandoc.utils.stringify(c)) end,
  q = function(c) return pandoc.Quoted("DoubleQuote", c) end,
  summary = function(c) return pandoc.Strong(c) end,
  mark = function(c) return wrap_inlines("#highlight[", c, "]") end,
  small = function(c) return wrap_inlines("#text(size: 0.85em)[", c, "]") end,
  big = function(c) return wrap_inlines("#text(size: 1.2em)[", c, "]") end,
  a = function(c, attrs)
    if attrs.href and attrs.href ~= "" then return pandoc.Link(c, attrs.href) end
    return pandoc.Span(c)
  end,
}

local function refused(name)
  return "the HTML <" .. name .. "> cannot be typeset in a handout; "
    .. "put an image of it, or a link to it, in its place"
end

-- A void tag (no content) as inlines.
local function void_inline(tag, fail)
  local name, attrs = tag.name, tag.attrs
  if name == "br" then return { pandoc.LineBreak() } end
  if name == "img" then
    local image = pandoc.Image(pandoc.Inlines(attrs.alt or ""), attrs.src or "", attrs.title or "")
    image.attributes.width = attrs.width
    image.attributes.height = attrs.height
    return { image }
  end
  if name == "input" and (attrs.type or ""):lower() == "checkbox" then
    return { pandoc.Str(attrs.checked and "☒" or "☐") }
  end
  if name == "input" or REFUSED[name] then
    fail(refused(name))
  end
  return {}
end

local fix_inlines, fix_blocks


-- The inlines of an element opened by `tag`, with `content` inside.
local function inline_element(tag, content, fail)
  local name = tag.name
  if REFUSED[name] then fail(refused(name)) end
  if HIDDEN[name] then return {} end
  if INLINE[name] then
    local result = INLINE[name](content, tag.attrs)
    if result.t then return { result } end
    return result
  end
  return styled(content, tag.attrs)
end

-- Index of the raw closing tag matching the opening `name` at `start`, or nil.
local function matching(list, start, name, kind)
  local depth = 1
  for j = start + 1, #list do
    local el = list[j]
    if el.t == kind and is_html(el) then
      local tag = parse_tag(el.text)
      if tag and tag.name == name and not tag.comment then
        if tag.closing then depth = depth - 1 elseif not tag.selfclose then depth = depth + 1 end
        if depth == 0 then return j end
      end
    end
  end
  return nil
end

local function slice(list, from, to, constructor)
  local out = constructor({})
  for k = from, to do out:insert(list[k]) end
  return out
end

fix_inlines = function(inlines, fail)
  local out = pandoc.Inlines({})
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    if el.t == "RawInline" and is_html(el) then
      local tag = parse_tag(el.text)
      if hidden_element(el.text) then
        -- a whole <script>...</script> (or style, template): nothing of it shows
      elseif tag == nil then
        local doc = pandoc.read(el.text, "html+raw_html")
        local parsed = pandoc.utils.blocks_to_inlines(doc.blocks)
        if #parsed == 1 and parsed[1].t == "RawInline" and parsed[1].text == el.text then
          fail("the HTML " .. el.text .. " cannot be typeset in a handout")
        end
        out:extend(fix_inlines(parsed, fail))
      elseif tag.comment or tag.closing then
        -- a comment shows nothing; a stray closing tag closes nothing
      elseif VOID[tag.name] or tag.selfclose then
        out:extend(void_inline(tag, fail))
      else
        local j = matching(inlines, i, tag.name, "RawInline")
        local content = slice(inlines, i + 1, (j or (#inlines + 1)) - 1, pandoc.Inlines)
        out:extend(inline_element(tag, fix_inlines(content, fail), fail))
        i = j or #inlines
      end
    else
      out:insert(el)
    end
    i = i + 1
  end
  return out
end

local function first_inlines(blocks)
  local inlines = pandoc.Inlines({})
  for _, b in ipairs(blocks) do
    if b.content and (b.t == "Plain" or b.t == "Para") then
      if #inlines > 0 then inlines:insert(pandoc.Space()) end
      inlines:extend(b.content)
    end
  end
  return inlines
end

-- The blocks of an element opened by `tag`, with `content` inside.
local function block_element(tag, content, fail)
  local name = tag.name
  if REFUSED[name] then fail(refused(name)) end
  if HIDDEN[name] then return {} end
  if name == "details" then
    -- Shown open, as a teacher would want it on paper, summary first.
    local out = pandoc.Blocks({ pandoc.RawBlock("typst", "#details-box[") })
    out:extend(content)
    out:insert(pandoc.RawBlock("typst", "]"))
    return out
  end
  if name == "summary" then return { pandoc.Para({ pandoc.Strong(first_inlines(content)) }) } end
  if INLINE[name] or name == "span" or name == "font" then
    return { pandoc.Para(inline_element(tag, first_inlines(content), fail)) }
  end
  return content
end

fix_blocks = function(blocks, fail)
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local el = blocks[i]
    if el.t == "RawBlock" and is_html(el) then
      local tag = parse_tag(el.text)
      if hidden_element(el.text) then
        -- nothing shows
      elseif tag == nil then
        local parsed = pandoc.read(el.text, "html+raw_html").blocks
        if #parsed == 1 and parsed[1].t == "RawBlock" and parsed[1].text == el.text then
          fail("the HTML " .. el.text:sub(1, 60) .. " cannot be typeset in a handout")
        end
        out:extend(M.convert(parsed, fail))
      elseif tag.comment or tag.closing then
        -- nothing shows
      elseif tag.name == "hr" then
        out:insert(pandoc.HorizontalRule())
      elseif VOID[tag.name] or tag.selfclose then
        local inlines = void_inline(tag, fail)
        if #inlines > 0 then out:insert(pandoc.Plain(inlines)) end
      else
        local j = matching(blocks, i, tag.name, "RawBlock")
        local content = slice(blocks, i + 1, (j or (#blocks + 1)) - 1, pandoc.Blocks)
        out:extend(block_element(tag, M.convert(content, fail), fail))
        i = j or #blocks
      end
    else
      out:insert(el)
    end
    i = i + 1
  end
  return out
end

--- Blocks with every raw HTML element converted (or `fail(message)` called).
function M.convert(blocks, fail)
  local doc = pandoc.Pandoc(blocks):walk({
    Inlines = function(inlines) return fix_inlines(inlines, fail) end,
  })
  -- <span style="color: ..."> read by pandoc as a Span: keep its colour.
  doc = doc:walk({ Span = function(span)
    if span.attributes.style or span.attributes.color then
      local out = styled(span.content, { style = span.attributes.style, color = span.attributes.color })
      if out[1].t ~= "Span" then return out end
    end
  end })
  doc = doc:walk({ Blocks = function(list) return fix_blocks(list, fail) end })
  return doc.blocks
end

--- Blocks of an HTML fragment (a Markdown cell as markdown_cells.py renders it).
function M.read(text, fail)
  return M.convert(pandoc.read(text, "html+raw_html").blocks, fail)
end

M.typst_string = typst_string
M.length = css.length
return M
