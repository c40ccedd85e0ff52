-- Pandoc Lua filter: an executed notebook (read with `-f ipynb`) becomes a handout.
--
-- Metadata in:  version = "student" | "instructor"
-- Cell tags (the `tags` attribute of each cell's Div, a JSON list):
--   injected-parameters  papermill's cell: removed from both versions
--   setup                student: whole cell removed;  instructor: shown
--   solution             student: whole cell removed;  instructor: shown, boxed as a solution
--   (code cells)         student: code removed, outputs kept;  instructor: code shown
-- Outputs:
--   a `text/markdown` output reaches pandoc as a RawBlock "markdown": it is parsed, so a
--   table's Markdown form becomes a real table (handouts.py drops text/plain beside it);
--   plain-text outputs (print, text/plain) are boxed as output; tables get column widths by content.
-- Title block: the first level-1 heading becomes the title, a following paragraph
-- starting with "**Rebuilds:**" becomes `rebuilds`; the other headings move up a level.

local version = "student"

local function has_class(el, name)
  for _, c in ipairs(el.classes) do
    if c == name then return true end
  end
  return false
end

local function tags_of(div)
  local raw = div.attributes["tags"]
  if raw == nil or raw == "" then return {} end
  local ok, list = pcall(pandoc.json.decode, raw)
  local tags = {}
  if ok and type(list) == "table" then
    for _, t in ipairs(list) do tags[t] = true end
  end
  return tags
end

local function raw(text)
  return pandoc.RawBlock("typst", text)
end

-- Box plain-text outputs; parse Markdown outputs.
local function output_blocks(div)
  local blocks = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "CodeBlock" then
      blocks:insert(raw("#output["))
      blocks:insert(b)
      blocks:insert(raw("]"))
    else
      blocks:insert(b)
    end
  end
  return blocks
end

local function code_cell(div, tags)
  if tags["injected-parameters"] then return {} end
  if version == "student" and (tags["setup"] or tags["solution"]) then return {} end
  local blocks = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "CodeBlock" then
      if version == "instructor" then
        blocks:insert(raw("#code["))
        blocks:insert(b)
        blocks:insert(raw("]"))
      end
    elseif b.t == "Div" and has_class(b, "output") then
      blocks:extend(output_blocks(b))
    else
      blocks:insert(b)
    end
  end
  if #blocks == 0 then return {} end
  if tags["solution"] then
    blocks:insert(1, raw("#solution["))
    blocks:insert(raw("]"))
  end
  return blocks
end

local function cell(div)
  if not has_class(div, "cell") then return nil end
  local tags = tags_of(div)
  if has_class(div, "code") then return code_cell(div, tags) end
  if version == "student" and tags["solution"] then return {} end
  return div.content
end

local function markdown_output(el)
  if el.format == "markdown" then
    return pandoc.read(el.text, "markdown").blocks
  end
  return nil
end

-- Column widths. Pipe tables give every column the same rule width, so pandoc would make
-- all columns equally wide. A table whose rows fit on a line keeps auto widths (Typst
-- sizes the columns by their content, compact and centred). A wider table fills the text
-- width: a column of short entries gets just its widest entry (never broken), the other
-- columns share the rest in proportion to their longest cell (capped, so that one long
-- sentence cannot starve the others) and wrap inside their cells.
local LINE = 115    -- characters across the text width, at the table font size
local SHORT = 16    -- a column whose entries are all this short is never wrapped
local LONGEST_COUNTED = 60

local function measure(rows, longest, word)
  for _, row in ipairs(rows) do
    for j, cell in ipairs(row.cells) do
      local text = pandoc.utils.stringify(cell.contents)
      longest[j] = math.max(longest[j] or 0, utf8.len(text) or #text)
      for w in text:gmatch("%S+") do
        word[j] = math.max(word[j] or 0, utf8.len(w) or #w)
      end
    end
  end
end

local function column_widths(tbl)
  local longest, word = {}, {}
  measure(tbl.head.rows, longest, word)
  for _, body in ipairs(tbl.bodies) do measure(body.body, longest, word) end
  local n = #tbl.colspecs
  local total, fixed, shares = 0, 0, 0
  local chars = {}
  for j = 1, n do
    local l = longest[j] or 1
    total = total + l + 2
    if l <= SHORT then
      chars[j] = l + 3
      fixed = fixed + chars[j]
    else
      shares = shares + math.min(l, LONGEST_COUNTED)
    end
  end
  if total <= LINE then
    for i, spec in ipairs(tbl.colspecs) do tbl.colspecs[i] = { spec[1], nil } end
    return tbl
  end
  local rest = math.max(LINE - fixed, LINE / 3)
  local sum = 0
  for j = 1, n do
    if not chars[j] then
      local l = math.min(longest[j], LONGEST_COUNTED)
      chars[j] = math.max(rest * l / shares, (word[j] or 1) + 3)
    end
    sum = sum + chars[j]
  end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], chars[i] / math.max(sum, LINE) }
  end
  return tbl
end

-- Tagged PDF (PDF/UA-1) needs a text alternative for every equation: its TeX source.
local function typst_string(text)
  local escaped = text:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("%s+", " ")
  return '"' .. escaped .. '"'
end

local function math_with_alt(m)
  local markup = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ m }) }), "typst")
  markup = markup:gsub("%s+$", "")
  return pandoc.RawInline("typst",
    "#[#set math.equation(alt: " .. typst_string(m.text) .. ");" .. markup .. "]")
end

local function starts_with_rebuilds(block)
  if block.t ~= "Para" or #block.content == 0 then return false end
  local first = block.content[1]
  return first.t == "Strong" and pandoc.utils.stringify(first):match("^Rebuilds:?$") ~= nil
end

-- Take the title (first level-1 heading) and the "Rebuilds:" line out of the body.
local function title_block(doc)
  local blocks = pandoc.Blocks({})
  local title_found = false
  local expect_rebuilds = false
  for _, b in ipairs(doc.blocks) do
    if not title_found and b.t == "Header" and b.level == 1 then
      doc.meta.title = b.content
      title_found = true
      expect_rebuilds = true
    elseif expect_rebuilds and starts_with_rebuilds(b) then
      local rest = pandoc.Inlines({})
      for i = 2, #b.content do rest:insert(b.content[i]) end
      while #rest > 0 and (rest[1].t == "Space" or rest[1].t == "SoftBreak") do rest:remove(1) end
      doc.meta.rebuilds = rest
      expect_rebuilds = false
    else
      if b.t ~= "Header" or b.level ~= 1 then
        if b.t == "Para" or b.t == "Header" then expect_rebuilds = false end
      end
      blocks:insert(b)
    end
  end
  if title_found then
    blocks = blocks:walk({
      Header = function(h)
        if h.level > 1 then h.level = h.level - 1 end
        return h
      end,
    })
  end
  doc.blocks = blocks
  return doc
end

function Pandoc(doc)
  if doc.meta.version ~= nil then
    version = pandoc.utils.stringify(doc.meta.version)
  end
  -- Cells first (outermost Divs), then the Markdown outputs inside what is kept.
  doc = doc:walk({ traverse = "topdown", Div = function(div)
    local result = cell(div)
    if result == nil then return nil end
    return result, false
  end })
  doc = doc:walk({ RawBlock = markdown_output })
  doc = doc:walk({ Table = column_widths, Math = math_with_alt })
  return title_block(doc)
end
