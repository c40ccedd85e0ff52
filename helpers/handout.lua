-- Pandoc Lua filter: an executed notebook (read with `-f ipynb`) becomes a handout.
--
-- Metadata in:  version = "student" | "instructor"
-- Cell attributes (cell metadata, set by helpers/pdf.py's prepare):
--   handout-cell         the cell's number in the stored notebook, for messages
--   handout-markdown     a Markdown cell, rendered to HTML as JupyterLab shows it
--                        (helpers/markdown_cells.py); read here with pandoc's HTML reader
--   handout-error        what in that Markdown cell cannot reach the handout
-- Cell tags (the `tags` attribute of each cell's Div, a JSON list):
--   injected-parameters  papermill's cell: removed from both versions
--   setup                student: whole cell removed;  instructor: shown
--   solution             student: whole cell removed;  instructor: shown, boxed as a solution
--   teacher              student: whole cell removed;  instructor: shown (as handouts.py
--                        drops them too, so a direct pandoc run gives the same handout)
--   (code cells)         student: code removed, outputs kept;  instructor: code shown
-- Outputs:
--   a `text/markdown` output reaches pandoc as a RawBlock "markdown": it is parsed, so a
--   table's Markdown form becomes a real table (handouts.py drops text/plain beside it);
--   plain-text outputs (print, text/plain) are boxed as output.
-- In every kept cell: raw HTML is converted (handout_html.lua), images are copied and shown
-- (handout_media.lua), tables fit the page (handout_tables.lua), every formula gets its TeX
-- as text alternative. What cannot be typeset stops pandoc with one line,
-- "HANDOUT-ERROR: cell N: what", which helpers/pdf.py reports with the notebook's name.
-- Each kept cell starts with a Typst comment "// cell N", so that a Typst error (a
-- character no font has) can be traced back to its cell.
-- Title block: the first level-1 heading becomes the title, a following paragraph
-- starting with "**Rebuilds:**" becomes `rebuilds`; the other headings move up a level.

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local html = require("handout_html")
local media = require("handout_media")
local tables = require("handout_tables")

local version = "student"
local where = "notebook"

local function fail(message)
  error("HANDOUT-ERROR: " .. where .. ": " .. message:gsub("%s+", " "), 0)
end

local function has_class(el, name)
  for _, c in ipairs(el.classes) do
    if c == name then return true end
  end
  return false
end

local function decoded(div, key)
  local raw_value = div.attributes[key]
  if raw_value == nil or raw_value == "" then return nil end
  local ok, value = pcall(pandoc.json.decode, raw_value)
  if ok and value ~= nil then return value end
  return raw_value
end

local function tags_of(div)
  local tags = {}
  local list = decoded(div, "tags")
  if type(list) == "table" then
    for _, t in ipairs(list) do tags[t] = true end
  end
  return tags
end

local function raw(text)
  return pandoc.RawBlock("typst", text)
end

local typst_string = html.typst_string

-- Maths. Tagged PDF (PDF/UA-1) needs a text alternative for every equation: its TeX
-- source. Commands MathJax knows but pandoc's TeX reader does not are rewritten first
-- (labels and tags, mhchem's \pu and \ce, \textcolor, \unicode); a formula that still
-- cannot be converted stops the build rather than print its TeX source.
local function chemistry(formula)
  local f = formula:gsub("<=>", "\\rightleftharpoons "):gsub("%->", "\\rightarrow ")
  f = f:gsub("([%a%)%]])(%d+)", "%1_{%2}")
  return "\\mathrm{" .. f .. "}"
end

local function mathjax_to_texmath(tex)
  local t = tex:gsub("\\label%s*%b{}", ""):gsub("\\nonumber", ""):gsub("\\notag", "")
  t = t:gsub("\\require%s*%b{}", "")
  t = t:gsub("\\tag%*?%s*(%b{})", function(b) return "\\qquad (" .. b:sub(2, -2) .. ")" end)
  t = t:gsub("\\pu%s*(%b{})", "\\text%1")
  t = t:gsub("\\ce%s*(%b{})", function(b) return chemistry(b:sub(2, -2)) end)
  t = t:gsub("\\textcolor%s*%b{}%s*(%b{})", "%1")
  t = t:gsub("\\unicode%s*{x?(%x+)}", function(hex)
    return "\\text{" .. utf8.char(tonumber(hex, 16)) .. "}"
  end)
  return t
end

local function math_with_alt(m)
  local converted = pandoc.Math(m.mathtype, mathjax_to_texmath(m.text))
  local markup = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ converted }) }), "typst")
  markup = markup:gsub("%s+$", "")
  if markup:sub(1, 1) ~= "$" then
    fail("the formula " .. m.text:sub(1, 80) .. " cannot be typeset (not understood as LaTeX maths)")
  end
  return pandoc.RawInline("typst",
    "#[#set math.equation(alt: " .. typst_string(m.text) .. ");" .. markup .. "];")
end

-- Raw TeX outside maths (pandoc's Markdown reader, text/markdown outputs): an
-- environment such as \begin{align} is maths (MathJax shows it so), anything else
-- shows as the text it is.
local function raw_tex_block(el)
  if el.text:match("^%s*\\begin%s*{") then
    return pandoc.Para({ pandoc.Math("DisplayMath", el.text) })
  end
  return pandoc.Para({ pandoc.Str(el.text) })
end

local has_html = false
local raw_block, raw_inline

local function parsed_markdown(text)
  local doc = pandoc.read(text, "markdown")
  return doc:walk({ RawBlock = raw_block, RawInline = raw_inline }).blocks
end

raw_block = function(el)
  if el.format == "markdown" then return parsed_markdown(el.text) end
  if el.format == "tex" or el.format == "latex" then return raw_tex_block(el) end
  if el.format:match("^html") then has_html = true end
  return nil
end

raw_inline = function(el)
  if el.format == "tex" or el.format == "latex" then return pandoc.Str(el.text) end
  if el.format:match("^html") then has_html = true end
  return nil
end

local function span(el)
  if el.attributes.style or el.attributes.color then has_html = true end
end

local function image(img)
  return media.image(img, fail, typst_string, html.length)
end

-- The TeX of each formula already turned into Typst, for measuring table cells.
local formulas = {}

local function formula(m)
  local converted = math_with_alt(m)
  formulas[converted.text] = m.text
  return converted
end

local function write(blocks)
  return (pandoc.write(pandoc.Pandoc(blocks), "typst"):gsub("%s+$", ""))
end

local function typeset_table(tbl)
  return tables.table(tbl, write, typst_string, formulas)
end

-- Everything of one kept cell made typesettable, or `fail`. One walk finds raw content
-- (parsing Markdown outputs, noting HTML), one converts HTML where there is any, one
-- converts images and formulas and then (pandoc walks inlines first) tables.
local function process(blocks)
  has_html = false
  local doc = pandoc.Pandoc(blocks):walk({ RawBlock = raw_block, RawInline = raw_inline,
    Span = span })
  if has_html then doc = pandoc.Pandoc(html.convert(doc.blocks, fail)) end
  doc = doc:walk({ Image = image, Math = formula, Table = typeset_table })
  return doc.blocks
end

-- Box plain-text outputs; keep the others.
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
  if version == "student" and (tags["setup"] or tags["solution"] or tags["teacher"]) then
    return {}
  end
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

local function markdown_cell(div)
  local problem = decoded(div, "handout-error")
  if problem then fail(tostring(problem)) end
  local blocks = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "RawBlock" then blocks:extend(html.read(b.text, fail)) else blocks:insert(b) end
  end
  return blocks
end

local function cell(div)
  if not has_class(div, "cell") then return nil end
  local tags = tags_of(div)
  local number = decoded(div, "handout-cell")
  where = number and ("cell " .. math.tointeger(number)) or "a cell"
  local blocks
  if has_class(div, "code") then
    blocks = code_cell(div, tags)
  elseif version == "student" and (tags["solution"] or tags["teacher"]) then
    blocks = {}
  elseif decoded(div, "handout-markdown") then
    blocks = markdown_cell(div)
  else
    blocks = div.content
  end
  if #blocks == 0 then return {} end
  blocks = process(blocks)
  table.insert(blocks, 1, raw("// " .. where))
  where = "notebook"
  return blocks
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
  local marker = "1"
  for _, b in ipairs(doc.blocks) do
    if b.t == "RawBlock" and b.format == "typst" and b.text:match("^// cell %d+$") then
      marker = b.text:match("%d+")
    end
    if not title_found and b.t == "Header" and b.level == 1 then
      doc.meta.title = b.content
      doc.meta["title-cell"] = marker
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

-- A link to a heading of the notebook ("#Exercise-1", as JupyterLab makes them) points at
-- that heading's label; one to a heading that is not in this version shows as text.
local function anchor_key(text)
  return pandoc.text.lower(text):gsub("[%s_]+", "-"):gsub("[^%w%-\128-\255]", "")
end

local function internal_links(doc)
  local ids = {}
  doc:walk({ Header = function(h)
    if h.identifier ~= "" then ids[anchor_key(h.identifier)] = h.identifier end
    ids[anchor_key(pandoc.utils.stringify(h))] = ids[anchor_key(pandoc.utils.stringify(h))]
      or h.identifier
  end })
  return doc:walk({ Link = function(link)
    if link.target:sub(1, 1) ~= "#" then return nil end
    local id = ids[anchor_key(pandoc.text.sub(link.target, 2))]
    if id and id ~= "" then
      link.target = "#" .. id
      return link
    end
    return link.content
  end })
end

function Pandoc(doc)
  if doc.meta.version ~= nil then
    version = pandoc.utils.stringify(doc.meta.version)
  end
  -- Cells (outermost Divs): kept or dropped by version, then made typesettable.
  doc = doc:walk({ traverse = "topdown", Div = function(div)
    local result = cell(div)
    if result == nil then return nil end
    return result, false
  end })
  doc = internal_links(doc)
  return title_block(doc)
end
