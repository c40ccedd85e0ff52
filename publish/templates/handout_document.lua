-- The document as a whole, after the cells: the title block (the first level-1 heading
-- and a "**Rebuilds:**" line after it; the other headings move up a level) and links
-- to headings of the notebook.

local M = {}

local function starts_with_rebuilds(block)
  if block.t ~= "Para" or #block.content == 0 then return false end
  local first = block.content[1]
  return first.t == "Strong" and pandoc.utils.stringify(first):match("^Rebuilds:?$") ~= nil
end

-- Take the title (first level-1 heading) and the "Rebuilds:" line out of the body.
function M.title_block(doc)
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

function M.internal_links(doc)
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

return M
