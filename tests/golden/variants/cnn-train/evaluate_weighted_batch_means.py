# expect: pass
# Correct but different: batch-mean losses weighted by each batch's size, accuracy from
# torch.eq and a float sum.
def evaluate(model, loader):
    model.eval()
    weighted, hits, count = 0.0, 0.0, 0
    with torch.no_grad():
        for images, labels in loader:
            out = model(images)
            size = labels.shape[0]
            weighted += F.cross_entropy(out, labels).item() * size
            hits += torch.eq(out.argmax(1), labels).float().sum().item()
            count += size
    return weighted / count, hits / count
