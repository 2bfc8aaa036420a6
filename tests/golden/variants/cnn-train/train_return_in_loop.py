# expect: fail stops after the first batch
# The return is indented into the for loop: one step on the first batch, then the epoch ends.
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * labels.shape[0]
        seen += labels.shape[0]
        return total_loss / seen
